import CXapian
import Foundation
import TestSupport
import Testing

@testable import Xapian

/// Proves that a C++ exception thrown inside any entry point of the C API
/// ends as a Swift `XapianError` with the right code, never as a crash.
///
/// `cxapian_testing_inject_exception` makes the next guarded call on this
/// thread throw a real Xapian exception before doing its work. Each row below
/// names a C function, prepares what the call needs, and returns the call;
/// the table must name every function of CXapian.h that returns a status.
@Suite("Every entry point maps C++ exceptions to XapianError")
struct EveryEntryPointTests {
    typealias Row = (function: String, prepare: () throws -> () throws -> Void)

    /// Calls a C function directly, as the Swift layer would.
    static func direct(_ call: (ErrorOut) -> cxapian_status_t) throws {
        try check(call)
    }

    static func rows(fixture f: Fixture) -> [Row] {
        [
            // MARK: term iterators
            (
                "cxapian_termiterator_next",
                {
                    var iterator: OpaquePointer?
                    try direct { cxapian_database_allterms(f.reader.handle, "", 0, &iterator, $0) }
                    return {
                        defer { cxapian_termiterator_free(iterator) }
                        var has: Int32 = 0
                        var term: UnsafeMutablePointer<CChar>?
                        var length = 0
                        var frequency: UInt32 = 0
                        try direct { cxapian_termiterator_next(iterator, &has, &term, &length, &frequency, $0) }
                        cxapian_string_free(term)
                    }
                }
            ),
            // MARK: Database
            ("cxapian_database_open", { { _ = try Database(path: f.dir.path("db")) } }),
            ("cxapian_database_new_empty", { { _ = try Database(shards: []) } }),
            ("cxapian_database_open_remote", { { _ = try Database.remote(host: "127.0.0.1", port: 1) } }),
            (
                "cxapian_database_add_database",
                {
                    let combined = try Database(shards: [])
                    return { try combined.add(f.reader) }
                }
            ),
            ("cxapian_database_reopen", { { try f.reader.reopen() } }),
            (
                "cxapian_database_close",
                {
                    let db = try Database(path: f.dir.path("db"))
                    return { try db.close() }
                }
            ),
            ("cxapian_database_get_doccount", { { _ = try f.reader.documentCount } }),
            ("cxapian_database_get_lastdocid", { { _ = try f.reader.lastDocumentID } }),
            ("cxapian_database_get_avlength", { { _ = try f.reader.averageLength } }),
            ("cxapian_database_get_doclength", { { _ = try f.reader.documentLength(1) } }),
            ("cxapian_database_get_termfreq", { { _ = try f.reader.termFrequency("mali") } }),
            ("cxapian_database_first_posting", { { _ = try f.reader.firstDocument(withTerm: "mali") } }),
            ("cxapian_database_get_collection_freq", { { _ = try f.reader.collectionFrequency("mali") } }),
            ("cxapian_database_get_value_freq", { { _ = try f.reader.valueFrequency(slot: 0) } }),
            ("cxapian_database_get_value_bound", { { _ = try f.reader.valueBounds(slot: 0) } }),
            ("cxapian_database_has_positions", { { _ = try f.reader.hasPositions } }),
            ("cxapian_database_get_uuid", { { _ = try f.reader.uuid } }),
            ("cxapian_database_get_metadata", { { _ = try f.reader.metadata(forKey: "k") } }),
            ("cxapian_database_metadata_keys", { { _ = try f.reader.metadataKeys() } }),
            ("cxapian_database_allterms", { { _ = try f.reader.allTerms(prefix: "XC") } }),
            ("cxapian_database_synonyms", { { _ = try f.reader.synonyms(of: "ecowas") } }),
            ("cxapian_database_spellings", { { _ = try f.reader.spellings() } }),
            ("cxapian_database_get_spelling_suggestion", { { _ = try f.reader.spellingSuggestion(for: "mlai") } }),
            ("cxapian_database_get_document", { { _ = try f.reader.document(1) } }),
            ("cxapian_database_compact", { { try f.reader.compact(to: f.dir.path("compact-\(UUID())")) } }),
            // MARK: WritableDatabase
            ("cxapian_writable_database_open", { { _ = try WritableDatabase(path: f.dir.path("w-\(UUID())")) } }),
            (
                "cxapian_database_add_document",
                {
                    let d = try Document()
                    return { try f.writer.add(d) }
                }
            ),
            (
                "cxapian_database_replace_document",
                {
                    let d = try Document()
                    return { try f.writer.replace(1, with: d) }
                }
            ),
            (
                "cxapian_database_replace_document_by_term",
                {
                    let d = try Document()
                    return { try f.writer.replace(uniqueTerm: "Qx", with: d) }
                }
            ),
            ("cxapian_database_delete_document", { { try f.writer.delete(1) } }),
            ("cxapian_database_delete_document_by_term", { { try f.writer.delete(uniqueTerm: "Qx") } }),
            ("cxapian_database_commit", { { try f.writer.commit() } }),
            ("cxapian_database_begin_transaction", { { try f.writer.beginTransaction() } }),
            (
                "cxapian_database_commit_transaction",
                {
                    try f.writer.beginTransaction()
                    return {
                        defer { try? f.writer.cancelTransaction() }
                        try f.writer.commitTransaction()
                    }
                }
            ),
            (
                "cxapian_database_cancel_transaction",
                {
                    try f.writer.beginTransaction()
                    return {
                        defer { try? f.writer.cancelTransaction() }
                        try f.writer.cancelTransaction()
                    }
                }
            ),
            ("cxapian_database_set_metadata", { { try f.writer.setMetadata("v", forKey: "k") } }),
            ("cxapian_database_add_spelling", { { try f.writer.addSpelling("mali") } }),
            ("cxapian_database_remove_spelling", { { try f.writer.removeSpelling("mali") } }),
            ("cxapian_database_add_synonym", { { try f.writer.addSynonym("aes", for: "alliance") } }),
            ("cxapian_database_remove_synonym", { { try f.writer.removeSynonym("aes", for: "alliance") } }),
            ("cxapian_database_clear_synonyms", { { try f.writer.clearSynonyms(for: "alliance") } }),
            // MARK: Document
            ("cxapian_document_new", { { _ = try Document() } }),
            (
                "cxapian_document_get_docid",
                {
                    let d = try Document()
                    return { _ = try d.documentID }
                }
            ),
            (
                "cxapian_document_get_data",
                {
                    let d = try Document()
                    return { _ = try d.data() }
                }
            ),
            (
                "cxapian_document_set_data",
                {
                    let d = try Document()
                    return { try d.setData("x") }
                }
            ),
            (
                "cxapian_document_get_value",
                {
                    let d = try Document()
                    return { _ = try d.value(0) }
                }
            ),
            (
                "cxapian_document_add_value",
                {
                    let d = try Document()
                    return { try d.addValue("x", slot: 0) }
                }
            ),
            (
                "cxapian_document_remove_value",
                {
                    let d = try Document()
                    return { try d.removeValue(0) }
                }
            ),
            (
                "cxapian_document_clear_values",
                {
                    let d = try Document()
                    return { try d.clearValues() }
                }
            ),
            (
                "cxapian_document_values_count",
                {
                    let d = try Document()
                    return { _ = try d.valueCount }
                }
            ),
            (
                "cxapian_document_add_term",
                {
                    let d = try Document()
                    return { try d.add(term: "x") }
                }
            ),
            (
                "cxapian_document_add_posting",
                {
                    let d = try Document()
                    return { try d.add(posting: "x", position: 1) }
                }
            ),
            (
                "cxapian_document_add_boolean_term",
                {
                    let d = try Document()
                    return { try d.add(booleanTerm: "Kx") }
                }
            ),
            (
                "cxapian_document_add_word_pairs",
                {
                    let d = try Document()
                    try d.add(posting: "x", position: 1)
                    try d.add(posting: "y", position: 2)
                    let pairs = try WordPairs(prefix: "XP", skipping: [])
                    return { try d.addWordPairs(pairs) }
                }
            ),
            (
                "cxapian_document_remove_term",
                {
                    let d = try Document()
                    return { try d.remove(term: "x") }
                }
            ),
            (
                "cxapian_document_clear_terms",
                {
                    let d = try Document()
                    return { try d.clearTerms() }
                }
            ),
            (
                "cxapian_document_termlist_count",
                {
                    let d = try Document()
                    return { _ = try d.termCount }
                }
            ),
            (
                "cxapian_document_termlist",
                {
                    let d = try Document()
                    return { _ = try d.terms() }
                }
            ),
            (
                "cxapian_document_add_value_list",
                {
                    let d = try Document()
                    return { try d.addValues(["a", "b"], slot: 2) }
                }
            ),
            ("cxapian_value_list_unpack", { { _ = try unpackValueList([1, 65]) } }),
            ("cxapian_sortable_serialise", { { _ = try sortableSerialise(3.5) } }),
            ("cxapian_sortable_unserialise", { { _ = try sortableUnserialise([0xA0]) } }),
            // MARK: Stem, Stopper
            ("cxapian_stem_new", { { _ = try Stem(language: "english") } }),
            ("cxapian_stem_new_cached", { { _ = try Stem(language: "english", cache: 10) } }),
            ("cxapian_stem_new_restricted", { { _ = try Stem(language: "english").restricted(to: ["elect"]) } }),
            (
                "cxapian_stem_word",
                {
                    let s = try Stem(language: "english")
                    return { _ = try s("running") }
                }
            ),
            ("cxapian_stem_languages", { { _ = try Stem.availableLanguages() } }),
            ("cxapian_stopper_new", { { _ = try Stopper() } }),
            (
                "cxapian_stopper_add",
                {
                    let s = try Stopper()
                    return { try s.add("the") }
                }
            ),
            (
                "cxapian_stopper_is_stopword",
                {
                    let s = try Stopper()
                    return { _ = try s.contains("the") }
                }
            ),
            // MARK: TermGenerator
            ("cxapian_termgenerator_new", { { _ = try TermGenerator() } }),
            (
                "cxapian_termgenerator_set_stemmer",
                {
                    let g = try TermGenerator()
                    let s = try Stem(language: "en")
                    return { try g.setStemmer(s) }
                }
            ),
            (
                "cxapian_termgenerator_set_stemming_strategy",
                {
                    let g = try TermGenerator()
                    return { try g.setStemmingStrategy(.all) }
                }
            ),
            (
                "cxapian_termgenerator_set_stopper",
                {
                    let g = try TermGenerator()
                    let s = try Stopper()
                    return { try g.setStopper(s) }
                }
            ),
            (
                "cxapian_termgenerator_set_stopper_strategy",
                {
                    let g = try TermGenerator()
                    return { try g.setStopperStrategy(.all) }
                }
            ),
            (
                "cxapian_termgenerator_set_flags",
                {
                    let g = try TermGenerator()
                    return { try g.setFlags(.spelling) }
                }
            ),
            (
                "cxapian_termgenerator_set_database",
                {
                    let g = try TermGenerator()
                    return { try g.setDatabase(f.writer) }
                }
            ),
            (
                "cxapian_termgenerator_set_max_word_length",
                {
                    let g = try TermGenerator()
                    return { try g.setMaxWordLength(30) }
                }
            ),
            (
                "cxapian_termgenerator_set_document",
                {
                    let g = try TermGenerator()
                    let d = try Document()
                    return { try g.setDocument(d) }
                }
            ),
            (
                "cxapian_termgenerator_index_text",
                {
                    let g = try f.generator()
                    return { try g.indexText("Mali") }
                }
            ),
            (
                "cxapian_termgenerator_index_text_without_positions",
                {
                    let g = try f.generator()
                    return { try g.indexTextWithoutPositions("Mali") }
                }
            ),
            (
                "cxapian_termgenerator_increase_termpos",
                {
                    let g = try TermGenerator()
                    return { try g.increaseTermPosition() }
                }
            ),
            (
                "cxapian_termgenerator_get_termpos",
                {
                    let g = try TermGenerator()
                    return { _ = try g.termPosition() }
                }
            ),
            (
                "cxapian_termgenerator_set_termpos",
                {
                    let g = try TermGenerator()
                    return { try g.setTermPosition(5) }
                }
            ),
            // MARK: Query
            ("cxapian_query_new_term", { { _ = try Query(term: "mali") } }),
            ("cxapian_query_new_match_all", { { _ = try Query.matchAll() } }),
            ("cxapian_query_new_match_nothing", { { _ = try Query.matchNothing() } }),
            (
                "cxapian_query_new_combine",
                {
                    let q = try Query(term: "mali")
                    return { _ = try Query(.and, [q, q]) }
                }
            ),
            (
                "cxapian_query_new_scale_weight",
                {
                    let q = try Query(term: "mali")
                    return { _ = try Query(scaling: q, by: 2) }
                }
            ),
            ("cxapian_query_new_value_range", { { _ = try Query(valueRange: 0, from: "2020", to: "2021") } }),
            ("cxapian_query_new_wildcard", { { _ = try Query(wildcard: "ma") } }),
            (
                "cxapian_query_phrase_pairs",
                {
                    let q = try Query(.phrase, [Query(term: "interest"), Query(term: "rates")])
                    let pairs = try WordPairs(prefix: "XP", skipping: [])
                    return { _ = try q.withWordPairs(pairs) }
                }
            ),
            ("cxapian_word_pairs_new", { { _ = try WordPairs(prefix: "XP", skipping: []) } }),
            ("cxapian_word_pairs_skip", { { _ = try WordPairs(prefix: "XP", skipping: ["the"]) } }),
            (
                "cxapian_query_stem_phrases",
                {
                    let q = try Query(.phrase, [Query(term: "interest"), Query(term: "rates")])
                    let stem = try Stem(language: "english")
                    return { _ = try q.stemmingPhrases(in: f.reader, stemmer: stem) }
                }
            ),
            (
                "cxapian_query_new_value_map",
                { { _ = try Query(valueMap: 0, weights: [("20220101", 1)]) } }
            ),
            (
                "cxapian_query_get_description",
                {
                    let q = try Query(term: "mali")
                    return {
                        var text: UnsafeMutablePointer<CChar>?
                        var length = 0
                        defer { cxapian_string_free(text) }
                        try direct { cxapian_query_get_description(q.handle, &text, &length, $0) }
                    }
                }
            ),
            (
                "cxapian_query_is_empty",
                {
                    let q = try Query(term: "mali")
                    return {
                        var empty: Int32 = 0
                        try direct { cxapian_query_is_empty(q.handle, &empty, $0) }
                    }
                }
            ),
            (
                "cxapian_query_terms",
                {
                    let q = try Query(term: "mali")
                    return { _ = try q.terms() }
                }
            ),
            // MARK: QueryParser
            ("cxapian_queryparser_new", { { _ = try QueryParser() } }),
            (
                "cxapian_queryparser_set_stemmer",
                {
                    let p = try QueryParser()
                    let s = try Stem(language: "en")
                    return { try p.setStemmer(s) }
                }
            ),
            (
                "cxapian_queryparser_set_stemming_strategy",
                {
                    let p = try QueryParser()
                    return { try p.setStemmingStrategy(.some) }
                }
            ),
            (
                "cxapian_queryparser_set_stopper",
                {
                    let p = try QueryParser()
                    let s = try Stopper()
                    return { try p.setStopper(s) }
                }
            ),
            (
                "cxapian_queryparser_set_default_op",
                {
                    let p = try QueryParser()
                    return { try p.setDefaultOperator(.and) }
                }
            ),
            (
                "cxapian_queryparser_set_database",
                {
                    let p = try QueryParser()
                    return { try p.setDatabase(f.reader) }
                }
            ),
            (
                "cxapian_queryparser_set_max_expansion",
                {
                    let p = try QueryParser()
                    return { try p.setMaxExpansion(10) }
                }
            ),
            (
                "cxapian_queryparser_add_prefix",
                {
                    let p = try QueryParser()
                    return { try p.addPrefix(field: "title", prefix: "S") }
                }
            ),
            (
                "cxapian_queryparser_add_boolean_prefix",
                {
                    let p = try QueryParser()
                    return { try p.addBooleanPrefix(field: "country", prefix: "XC") }
                }
            ),
            (
                "cxapian_queryparser_add_date_range",
                {
                    let p = try QueryParser()
                    return { try p.addDateRange(slot: 0) }
                }
            ),
            (
                "cxapian_queryparser_add_number_range",
                {
                    let p = try QueryParser()
                    return { try p.addNumberRange(slot: 3) }
                }
            ),
            (
                "cxapian_queryparser_add_string_range",
                {
                    let p = try QueryParser()
                    return { try p.addStringRange(slot: 1) }
                }
            ),
            (
                "cxapian_queryparser_parse_query",
                {
                    let p = try QueryParser()
                    return { _ = try p.parse("mali") }
                }
            ),
            (
                "cxapian_queryparser_get_corrected_query_string",
                {
                    let p = try QueryParser()
                    return { _ = try p.correctedQueryString() }
                }
            ),
            (
                "cxapian_queryparser_stoplist",
                {
                    let p = try QueryParser()
                    return { _ = try p.stoppedWords() }
                }
            ),
            (
                "cxapian_queryparser_unstem",
                {
                    let p = try QueryParser()
                    return { _ = try p.unstem("mali") }
                }
            ),
            // MARK: Match spies
            ("cxapian_matchspy_new_value_count", { { _ = try ValueCountMatchSpy(slot: 1) } }),
            ("cxapian_matchspy_new_multi_value_count", { { _ = try MultiValueCountMatchSpy(slot: 2) } }),
            (
                "cxapian_database_set_facet_columns",
                { { try f.reader.useFacetColumns([f.dir.path("db") + "/" + FacetColumn.fileName]) } }
            ),
            (
                "cxapian_query_has_required_phrase",
                { { _ = try Query(.phrase, [Query(term: "mali"), Query(term: "coup")]).hasRequiredPhrase } }
            ),
            (
                "cxapian_matchset_restrict",
                {
                    let query = try Query(.phrase, [Query(term: "mali"), Query(term: "coup")])
                    let set = try #require(
                        try Database.matchCount(query, databases: [f.reader], checkAtLeast: 10, collecting: true)
                            .matchSet)
                    return { _ = try set.restricting(query) }
                }
            ),
            (
                "cxapian_count_matches",
                { { _ = try Database.matchCount(Query(term: "mali"), databases: [f.reader], checkAtLeast: 10) } }
            ),
            (
                "cxapian_enquire_get_mset_split",
                {
                    let enquires = [try f.enquire(), try f.enquire()]
                    let query = try Query(term: "mali")
                    return {
                        _ = try Enquire.splitMSet(
                            enquires, query: query, limit: 10, order: .relevance, counting: query, checkAtLeast: 10)
                    }
                }
            ),
            (
                "cxapian_query_settle_phrases",
                {
                    let query = try Query(
                        .or, [Query(.phrase, [Query(term: "mali"), Query(term: "coup")]), Query(term: "niger")])
                    return { _ = try Database.settlingPhrases(query, counted: nil, databases: [f.reader]) }
                }
            ),
            ("cxapian_facet_column_write", { { try FacetColumn.write(database: f.dir.path("db"), slot: 2) } }),
            (
                "cxapian_count_multi_values",
                { { _ = try MultiValueCountMatchSpy.count(Query(term: "mali"), slot: 2, databases: [f.reader]) } }
            ),
            (
                "cxapian_count_multi_values_start",
                {
                    {
                        _ = try MultiValueCountMatchSpy.startCount(Query(term: "mali"), slot: 2, databases: [f.reader])
                            .finish()
                    }
                }
            ),
            (
                "cxapian_count_multi_values_finish",
                {
                    let running = try MultiValueCountMatchSpy.startCount(
                        Query(term: "mali"), slot: 2, databases: [f.reader])
                    return { _ = try running.finish() }
                }
            ),
            (
                "cxapian_matchspy_get_total",
                {
                    let s = try ValueCountMatchSpy(slot: 1)
                    return { _ = try s.total }
                }
            ),
            (
                "cxapian_matchspy_values",
                {
                    let s = try ValueCountMatchSpy(slot: 1)
                    return { _ = try s.values() }
                }
            ),
            (
                "cxapian_matchspy_top_values",
                {
                    let s = try MultiValueCountMatchSpy(slot: 2)
                    return { _ = try s.topValues(3) }
                }
            ),
            (
                "cxapian_matchspy_get_description",
                {
                    let s = try ValueCountMatchSpy(slot: 1)
                    return { _ = try s.spyDescription() }
                }
            ),
            // MARK: RSet
            ("cxapian_rset_new", { { _ = try RSet() } }),
            (
                "cxapian_rset_add_document",
                {
                    let r = try RSet()
                    return { try r.add(1) }
                }
            ),
            (
                "cxapian_rset_size",
                {
                    let r = try RSet()
                    return { _ = try r.count }
                }
            ),
            // MARK: Enquire
            ("cxapian_enquire_new", { { _ = try Enquire(database: f.reader) } }),
            (
                "cxapian_enquire_set_query",
                {
                    let e = try f.enquire()
                    let q = try Query(term: "mali")
                    return { try e.setQuery(q) }
                }
            ),
            (
                "cxapian_enquire_set_weighting_bm25",
                {
                    let e = try f.enquire()
                    return { try e.setWeighting(.bm25(k1: 1.2, b: 0.75)) }
                }
            ),
            (
                "cxapian_enquire_set_weighting_bool",
                {
                    let e = try f.enquire()
                    return { try e.setWeighting(.boolean) }
                }
            ),
            (
                "cxapian_enquire_set_sort_by_relevance",
                {
                    let e = try f.enquire()
                    return { try e.setSortByRelevance() }
                }
            ),
            (
                "cxapian_enquire_set_sort_by_value",
                {
                    let e = try f.enquire()
                    return { try e.setSortByValue(0, reverse: true) }
                }
            ),
            (
                "cxapian_enquire_set_sort_by_value_then_relevance",
                {
                    let e = try f.enquire()
                    return { try e.setSortByValueThenRelevance(0, reverse: true) }
                }
            ),
            (
                "cxapian_enquire_set_sort_by_relevance_then_value",
                {
                    let e = try f.enquire()
                    return { try e.setSortByRelevanceThenValue(0, reverse: true) }
                }
            ),
            (
                "cxapian_enquire_set_docid_order",
                {
                    let e = try f.enquire()
                    return { try e.setDocumentIDOrder(.descending) }
                }
            ),
            (
                "cxapian_enquire_set_collapse_key",
                {
                    let e = try f.enquire()
                    return { try e.setCollapseKey(1) }
                }
            ),
            (
                "cxapian_enquire_set_cutoff",
                {
                    let e = try f.enquire()
                    return { try e.setCutoff(percent: 10) }
                }
            ),
            (
                "cxapian_enquire_add_matchspy",
                {
                    let e = try f.enquire()
                    let s = try ValueCountMatchSpy(slot: 1)
                    return { try e.add(s) }
                }
            ),
            (
                "cxapian_enquire_clear_matchspies",
                {
                    let e = try f.enquire()
                    return { try e.clearMatchSpies() }
                }
            ),
            (
                "cxapian_enquire_get_mset",
                {
                    let e = try f.enquire()
                    return { _ = try e.mset(limit: 10) }
                }
            ),
            (
                "cxapian_enquire_get_mset_after",
                {
                    let e = try f.enquire()
                    return { _ = try e.mset(after: 1, limit: 10) }
                }
            ),
            (
                "cxapian_enquire_get_eset",
                {
                    let e = try f.enquire()
                    let r = try RSet([1])
                    return { _ = try e.eset(limit: 5, relevanceSet: r) }
                }
            ),
            (
                "cxapian_enquire_matching_terms",
                {
                    let e = try f.enquire()
                    return { _ = try e.matchingTerms(1) }
                }
            ),
            // MARK: MSet
            (
                "cxapian_mset_size",
                {
                    let m = try f.mset()
                    return { _ = try m.count }
                }
            ),
            (
                "cxapian_mset_get_firstitem",
                {
                    let m = try f.mset()
                    return { _ = try m.firstItem }
                }
            ),
            (
                "cxapian_mset_get_matches",
                {
                    let m = try f.mset()
                    return { _ = try m.matches() }
                }
            ),
            (
                "cxapian_mset_get_max_possible",
                {
                    let m = try f.mset()
                    return { _ = try m.maxPossible }
                }
            ),
            (
                "cxapian_mset_get_max_attained",
                {
                    let m = try f.mset()
                    return { _ = try m.maxAttained }
                }
            ),
            (
                "cxapian_mset_get_termfreq",
                {
                    let m = try f.mset()
                    return { _ = try m.termFrequency("mali") }
                }
            ),
            (
                "cxapian_mset_get_hit",
                {
                    let m = try f.mset()
                    return { _ = try m.hit(0) }
                }
            ),
            (
                "cxapian_mset_get_document",
                {
                    let m = try f.mset()
                    return { _ = try m.document(0) }
                }
            ),
            (
                "cxapian_mset_get_collapse_key",
                {
                    let m = try f.mset()
                    return { _ = try m.collapseKey(0) }
                }
            ),
            (
                "cxapian_mset_fetch",
                {
                    let m = try f.mset()
                    return { try m.fetch() }
                }
            ),
            (
                "cxapian_mset_snippet",
                {
                    let m = try f.mset()
                    return { _ = try m.snippet("Mali and Niger") }
                }
            ),
            // MARK: ESet
            (
                "cxapian_eset_size",
                {
                    let eset = try f.rawESet()
                    return {
                        defer { cxapian_eset_free(eset) }
                        var size: UInt32 = 0
                        try direct { cxapian_eset_size(eset, &size, $0) }
                    }
                }
            ),
            (
                "cxapian_eset_get",
                {
                    let eset = try f.rawESet()
                    return {
                        defer { cxapian_eset_free(eset) }
                        var term: UnsafeMutablePointer<CChar>?
                        var length = 0
                        var weight = 0.0
                        defer { cxapian_string_free(term) }
                        try direct { cxapian_eset_get(eset, 0, &term, &length, &weight, $0) }
                    }
                }
            ),
        ]
    }

    /// The objects the rows work on: a small database, a reader and a writer.
    final class Fixture {
        let dir = TemporaryDirectory()
        let writer: WritableDatabase
        let reader: Database

        init() throws {
            try Sample.build(at: dir.path("db")).close()
            reader = try Database(path: dir.path("db"))
            writer = try Sample.build(at: dir.path("writer"))
        }

        func generator() throws -> TermGenerator {
            let generator = try TermGenerator()
            try generator.setDocument(Document())
            return generator
        }

        func enquire() throws -> Enquire {
            let enquire = try Enquire(database: reader)
            try enquire.setQuery(Query(term: "mali"))
            return enquire
        }

        func mset() throws -> MSet {
            let enquire = try enquire()
            try enquire.setCollapseKey(1)
            return try enquire.mset(limit: 10)
        }

        func rawESet() throws -> OpaquePointer? {
            let enquire = try enquire()
            let rset = try RSet([1])
            var eset: OpaquePointer?
            try EveryEntryPointTests.direct {
                cxapian_enquire_get_eset(enquire.handle, 5, rset.handle, 0, nil, 0, &eset, $0)
            }
            return eset
        }
    }

    /// The functions of the public header that return a status.
    static func headerFunctions() throws -> Set<String> {
        let header = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/CXapian/include/CXapian.h")
        let text = try String(contentsOf: header, encoding: .utf8)
        let regex = try NSRegularExpression(
            pattern: #"^cxapian_status_t (cxapian_[a-z0-9_]+)\("#, options: .anchorsMatchLines)
        let range = NSRange(text.startIndex..., in: text)
        return Set(regex.matches(in: text, range: range).map { String(text[Range($0.range(at: 1), in: text)!]) })
    }

    @Test("the table names every status-returning function of CXapian.h, once")
    func tableCoversHeader() throws {
        let fixture = try Fixture()
        let names = Self.rows(fixture: fixture).map(\.function)
        let header = try Self.headerFunctions()
        #expect(header.count > 100)
        #expect(Set(names).count == names.count, "a function is listed twice")
        #expect(Set(names).subtracting(header).sorted() == [], "listed but not in the header")
        #expect(header.subtracting(names).sorted() == [], "in the header but not exercised")
    }

    @Test("an exception injected into each entry point ends as XapianError with its code")
    func everyEntryPoint() throws {
        let fixture = try Fixture()
        let codes = XapianError.Code.all
        for (index, row) in Self.rows(fixture: fixture).enumerated() {
            let code = codes[index % codes.count]
            let call = try row.prepare()
            cxapian_testing_inject_exception(cxapian_status_t(rawValue: code.rawValue))
            do {
                try call()
                Issue.record("\(row.function): no error was thrown")
            } catch let error as XapianError {
                #expect(error.code == code, "\(row.function): \(error)")
                // std::bad_alloc carries no message of ours.
                let expected = code == .outOfMemory ? "out of memory" : "injected"
                #expect(error.message.contains(expected), "\(row.function): \(error)")
            } catch {
                Issue.record("\(row.function): \(error)")
            }
            // The injection must have been consumed by the named function.
            cxapian_testing_inject_exception(CXAPIAN_OK)
        }
    }
}
