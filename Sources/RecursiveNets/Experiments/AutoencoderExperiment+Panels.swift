import Lab

extension AutoencoderExperiment {
    /// The phrase the nearest-phrases panel starts with.
    public static let defaultQuery = "not very good"

    /// A parser over a snapshot of the current weights: the screen calls `treePanel(for:)` on
    /// it for any sentence the learner types. Nil before `prepare`.
    public func sentenceParser() -> SentenceParser? {
        guard let corpus, let trainer else { return nil }
        return SentenceParser(weights: trainer.evaluationWeights(), vocabulary: corpus.vocabulary, shape: shape)
    }

    /// The tree of the first test sentence, the phrases nearest to `defaultQuery` among the
    /// phrases of 200 training sentences, and the test sentences with their predicted labels
    /// (after the first evaluation). Rebuilt at most every 25 steps and after each evaluation.
    public func panels() -> [any TopicPanel] {
        if let cached = cachedPanels, cached.step + 25 > stepsTaken { return cached.panels }
        guard let corpus, let parser = sentenceParser(), let first = corpus.testIndices.first else { return [] }
        var panels: [any TopicPanel] = [
            SentenceTreePanel(parsed: parser.parse(tokens: corpus.tokens[first])),
            parser.nearestPhrasesPanel(to: Self.defaultQuery, among: corpus.trainIndices.prefix(200).map { corpus.tokens[$0] }),
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

extension AutoencoderExperiment: InteractiveExperiment {
    public var inputPrompt: String { "Type a sentence to see the tree the autoencoder builds" }

    public func panel(forInput text: String) -> (any TopicPanel)? { sentenceParser()?.treePanel(for: text) }
}
