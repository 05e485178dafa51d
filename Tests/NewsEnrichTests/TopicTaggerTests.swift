import NewsEnrich
import Testing

@Suite("Topics")
struct TopicTaggerTests {
    let tagger = TopicTagger()

    @Test("the bundled lexicon has the topics the archive needs, with labels")
    func bundled() {
        let ids = Set(TopicLexicon.bundled.topics)
        for id in [
            "coup", "terrorism", "elections", "protests", "diplomacy", "military-cooperation", "sanctions",
            "humanitarian", "economy", "human-rights", "crime-corruption",
        ] {
            #expect(ids.contains(id), "missing topic \(id)")
        }
        #expect(TopicLexicon.bundled.entries.allSatisfy { !$0.label.isEmpty && !$0.terms.isEmpty })
        #expect(ids.count == TopicLexicon.bundled.topics.count)
    }

    @Test(
        "articles get their topic",
        arguments: [
            ("Coup in Ouagadougou", "Soldiers seized power. The junta dissolved the government.", "coup"),
            ("", "Mutinying soldiers detained the president. The mutinies spread to other camps.", "coup"),
            ("", "Voters went to the polls. The election commission said turnout was high.", "elections"),
            ("", "Protesters marched; police fired tear gas at the protests.", "protests"),
            ("", "The EU imposed sanctions; further sanctioned officials face an asset freeze.", "sanctions"),
            ("", "Jihadist insurgents attacked a base. The insurgency is spreading.", "terrorism"),
            ("", "Refugees fled to camps. Humanitarian aid was blocked.", "humanitarian"),
            (
                "", "Russia and Mali agreed on military cooperation and joint military exercises.",
                "military-cooperation"
            ),
        ])
    func tagged(title: String, body: String, topic: String) {
        #expect(tagger.topics(title: title, body: body).contains(topic))
    }

    @Test("one passing mention does not tag; one in the title does")
    func evidence() {
        let body = "The economy grew by 3 percent. Exports of cocoa rose. The harvest was good. A coup was rumoured."
        #expect(!tagger.topics(title: "Cocoa harvest", body: body).contains("coup"))
        #expect(tagger.topics(title: "Coup rumours", body: body).contains("coup"))
    }

    @Test("context terms need a cue")
    func context() {
        let corporate = "The takeover was approved. Shareholders backed the takeover."
        #expect(!tagger.topics(title: "", body: corporate).contains("coup"))
        let military = "The army takeover was approved by the soldiers. The takeover ended the old regime's rule."
        #expect(tagger.topics(title: "", body: military).contains("coup"))
    }

    @Test("a custom lexicon: word forms match, the best supported come first")
    func custom() throws {
        let json = #"""
            {"minimumHits": 1, "topics": [
              {"id": "floods", "label": "Floods", "terms": ["flood", "heavy rain"]},
              {"id": "fires", "label": "Fires", "terms": ["wildfire"]}]}
            """#
        let lexicon = try TopicLexicon(json: Array(json.utf8))
        #expect(lexicon.topics == ["floods", "fires"])
        let tagger = TopicTagger(lexicon: lexicon)
        #expect(
            tagger.topics(title: "", body: "Floods followed heavy rains; flooding closed roads. A wildfire.") == [
                "floods", "fires",
            ])
        #expect(tagger.topics(title: "", body: "Nothing happened.").isEmpty)
        #expect(throws: (any Error).self) { try TopicLexicon(json: Array("[]".utf8)) }
    }
}
