import Foundation
import NewsModel
import NewsSearch

/// A watch's new articles as an Atom feed (RFC 4287), for feed readers:
/// the latest articles that arrived since the watch was saved, newest
/// arrival first, each entry dated by its arrival and linked to the page's
/// view of the article.
struct AtomFeed {
    /// The service's address as the client reached it (`http://host:port`).
    let base: String
    let watch: Watch
    let results: SearchResults

    /// `http://` and the request's Host, when it is a plain host name or
    /// address and port (anything else could not be put in an IRI as is).
    static func base(authority: String?) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        guard let authority, !authority.isEmpty, authority.count <= 255, authority.allSatisfy(allowed.contains) else {
            return "http://localhost"
        }
        return "http://" + authority
    }

    /// `text` with what XML 1.0 does not allow dropped and markup escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let allowed =
                    (0x20...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value)
                    || (0x10000...0x10FFFF).contains(value)
                if allowed { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// A path segment or query value, percent-encoded.
    static func component(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<"\u{80}"))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The page's address of the watch's search.
    var searchPage: String {
        var parts: [String] = []
        if !watch.query.isEmpty { parts.append("q=" + AtomFeed.component(watch.query)) }
        for (field, values) in watch.values.sorted(by: { $0.key < $1.key }) {
            for value in values { parts.append(field + "=" + AtomFeed.component(value)) }
        }
        if let from = watch.from { parts.append("from=" + AtomFeed.component(from)) }
        if let to = watch.to { parts.append("to=" + AtomFeed.component(to)) }
        return base + "/" + (parts.isEmpty ? "" : "?" + parts.joined(separator: "&"))
    }

    /// A stamp as an RFC 3339 date-time (Atom's dates): stamps already are.
    static func date(_ stamp: String, otherwise: String) -> String {
        stamp.count >= 20 && stamp.hasSuffix("Z") ? stamp : otherwise
    }

    var xml: String {
        let e = AtomFeed.escape
        let own = base + "/api/watches/" + AtomFeed.component(watch.name) + "/feed"
        let updated = AtomFeed.date(results.hits.first?.arrived ?? "", otherwise: watch.created)
        var lines = [
            #"<?xml version="1.0" encoding="utf-8"?>"#,
            #"<feed xmlns="http://www.w3.org/2005/Atom">"#,
            "  <id>\(e(own))</id>",
            "  <title>\(e("Dossier watch: " + watch.name))</title>",
            "  <subtitle>\(e("New articles matching " + watch.summary))</subtitle>",
            "  <updated>\(updated)</updated>",
            "  <author><name>Dossier</name></author>",
            #"  <link rel="self" type="application/atom+xml" href="\#(e(own))"/>"#,
            #"  <link rel="alternate" type="text/html" href="\#(e(searchPage))"/>"#,
            "  <generator>Dossier</generator>",
        ]
        for hit in results.hits {
            let article = hit.article
            let id = AtomFeed.component(article.id)
            lines.append("  <entry>")
            lines.append("    <id>\(e(base + "/api/articles/" + id))</id>")
            lines.append("    <title>\(e(article.title.isEmpty ? article.id : article.title))</title>")
            lines.append("    <updated>\(AtomFeed.date(hit.arrived, otherwise: updated))</updated>")
            if let date = article.date, date.count == 10 {
                lines.append("    <published>\(date)T00:00:00Z</published>")
            }
            lines.append(#"    <link rel="alternate" type="text/html" href="\#(e(base + "/?article=" + id))"/>"#)
            for country in article.countries { lines.append(#"    <category term="\#(e(country))"/>"#) }
            let text = article.body.count > 600 ? String(article.body.prefix(600)) + "…" : article.body
            lines.append("    <summary>\(e(text))</summary>")
            lines.append("  </entry>")
        }
        lines.append("</feed>")
        return lines.joined(separator: "\n") + "\n"
    }
}
