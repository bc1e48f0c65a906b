import Lab
import TopicViews

extension AutoencoderExperiment {
    /// The phrase the nearest-phrases panel starts with (a typed text replaces it).
    public static let defaultQuery = "not very good"

    /// How many steps a panel built from the weights may be reused (parsing costs a forward pass).
    static let panelLifetime = 25

    /// A parser over a snapshot of the current weights (a value the screen may keep).
    public func sentenceParser() -> SentenceParser {
        SentenceParser(weights: trainer.evaluationWeights(), vocabulary: corpus.vocabulary, shape: shape)
    }

    /// The sentences the nearest-phrases panel searches: the first 200 training sentences.
    var phrasePool: [[String]] { corpus.trainIndices.prefix(200).map { corpus.tokens[$0] } }

    /// The tree of the first test sentence, the phrases nearest to `defaultQuery`, and the test
    /// sentences with their predicted labels (after the first evaluation). Rebuilt at most every
    /// 25 steps and after each evaluation.
    public func panels(_ settings: HyperparameterSet) -> [any TopicPanel] {
        if let cached = cachedPanels, cached.step + Self.panelLifetime > stepsTaken { return cached.panels }
        guard let first = corpus.testIndices.first else { return [] }
        let parser = sentenceParser()
        var panels: [any TopicPanel] = [
            SentenceTreePanel(parsed: parser.parse(tokens: corpus.tokens[first]), title: "Tree: first test sentence"),
            parser.nearestPhrasesPanel(to: Self.defaultQuery, among: phrasePool),
        ]
        if let evaluation = lastEvaluation {
            let shown = zip(corpus.testIndices, evaluation.testPredictions).prefix(100).map {
                (text: corpus.tokens[$0.0].joined(separator: " "), predicted: $0.1, truth: corpus.labels[$0.0])
            }
            panels.append(TestSentencesPanel(sentences: shown))
        }
        cachedPanels = (stepsTaken, panels)
        return panels
    }
}

extension AutoencoderExperiment: InteractiveRun {
    public var inputPrompt: String { "Type a sentence: its tree, and the phrases nearest to it" }

    /// The typed sentence's tree and its nearest phrases, remade as the model trains.
    public func panels(forInput text: String, settings: HyperparameterSet) -> [any TopicPanel] {
        if let cached = cachedInputPanels, cached.text == text, cached.step + Self.panelLifetime > stepsTaken {
            return cached.panels
        }
        let parser = sentenceParser()
        let panels: [any TopicPanel] = [SentenceTreePanel(parsed: parser.parse(text), title: "Tree: your sentence"),
                                        parser.nearestPhrasesPanel(to: text, among: phrasePool)]
        cachedInputPanels = (stepsTaken, text, panels)
        return panels
    }
}
