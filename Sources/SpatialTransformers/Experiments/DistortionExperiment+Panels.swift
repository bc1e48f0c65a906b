import Lab
import TensorKit
import TopicViews

extension DistortionExperiment {
    /// Snapshots for the screen: the warp view, θ per sample (ST models) and the confusion matrix.
    public func panels(_ settings: HyperparameterSet) -> [any TopicPanel] {
        guard !showcase.isEmpty else { return [] }
        let (logits, transformed) = withoutGradients { model(images.batch(showcase)) }
        let guesses = logits.argmaxRows()
        let names = images.source == .mnist5k ? images.classNames : images.classNames.indices.map(String.init)
        let outputSide = model.transformer?.outputSide ?? 0
        var samples: [WarpPanel.Sample] = []
        var rows: [TransformParametersPanel.Row] = []
        for (position, row) in showcase.enumerated() {
            let truth = names[images.data.labels[row]], prediction = names[guesses[position]]
            var output: [Float] = [], grid: [WarpPanel.GridPoint] = []
            if let transformed {
                let plane = outputSide * outputSide
                output = Array(transformed.images.data[(position * plane)..<((position + 1) * plane)])
                grid = WarpPanel.gridPoints(transformed.grid.data[(position * plane * 2)..<((position + 1) * plane * 2)],
                                            side: outputSide, inputSide: images.side, spacing: max(2, outputSide / 4))
                let k = transformed.parameters.shape[1]
                rows.append(TransformParametersPanel.Row(truth: truth, prediction: prediction,
                                                         parameters: Array(transformed.parameters.data[(position * k)..<((position + 1) * k)])))
            }
            samples.append(WarpPanel.Sample(input: images.image(row), output: output, grid: grid, truth: truth, prediction: prediction))
        }
        var panels: [any TopicPanel] = [WarpPanel(samples: samples, inputSide: images.side, outputSide: outputSide)]
        if let transformer = model.transformer { panels.append(TransformParametersPanel(rows: rows, family: transformer.family)) }
        if !confusion.isEmpty {
            panels.append(ConfusionMatrixPanel(counts: confusion, classNames: images.classNames, title: "Confusion matrix (test)"))
        }
        return panels
    }
}
