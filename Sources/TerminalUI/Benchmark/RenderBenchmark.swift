import Foundation

// MARK: - RenderBenchmark

/// A representative full frame for `workbench bench ui` to time: a bordered line chart of two
/// 5,000-point series, a table, a Markdown pane, a sparkline, a gauge and the key hints.
public enum RenderBenchmark {
    /// Sample inputs, built once so timing covers rendering only.
    public struct Inputs: Sendable {
        public var train: [(x: Double, y: Double)]
        public var validation: [(x: Double, y: Double)]
        public var rows: [[String]]
        public var document: MarkdownDocument

        /// Deterministic sample data with `points` points per series.
        public init(points: Int = 5_000) {
            train = (0 ..< points).map { step in
                let x = Double(step)
                return (x, 2.5 * exp(-x / 900) + 0.08 * sin(x / 7) + 0.1)
            }
            validation = (0 ..< points).map { step in
                let x = Double(step)
                return (x, 2.6 * exp(-x / 1000) + 0.05 * cos(x / 11) + 0.18)
            }
            rows = (0 ..< 40).map { index in
                ["run-\(index)", "mlp", String(format: "%.3f", 0.5 + Double(index % 7) / 20), "\(index * 250)"]
            }
            document = MarkdownDocument.parse(RenderBenchmark.sampleMarkdown)
        }
    }

    /// Renders one frame of `width` x `height` from fresh sample data.
    public static func renderSampleFrame(width: Int, height: Int) -> ScreenBuffer {
        renderSampleFrame(width: width, height: height, inputs: Inputs())
    }

    /// Renders one frame from prepared inputs (what a timing loop should call).
    public static func renderSampleFrame(width: Int, height: Int, inputs: Inputs, theme: Theme = .standard,
                                         glyphs: Glyphs = .unicode) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: width, height: height)
        let rows = buffer.area.splitVertically([.fill(1), .fixed(1)])
        let columns = rows[0].splitHorizontally([.percent(60), .fill(1)])
        let right = columns[1].splitVertically([.percent(45), .fill(1)])
        let chartBlock = Block(title: "Loss", rightTitle: "step 5000", isFocused: true, theme: theme, glyphs: glyphs)
        chartBlock.render(in: columns[0], into: &buffer)
        let chartArea = chartBlock.inner(columns[0]).splitVertically([.fill(1), .fixed(1), .fixed(1)])
        LineChart(series: [LineChart.Series(name: "train", points: inputs.train),
                           LineChart.Series(name: "validation", points: inputs.validation)],
                  xAxis: Axis(title: "step"), yAxis: Axis(title: "loss", padding: 0.05),
                  markers: [LineChart.Marker(x: 4_200)], theme: theme, glyphs: glyphs)
            .render(in: chartArea[0], into: &buffer)
        Sparkline(values: inputs.train.suffix(400).map(\.y), style: theme.seriesStyle(0), glyphs: glyphs)
            .render(in: chartArea[1], into: &buffer)
        Gauge(ratio: 0.62, label: "epoch 3/5", theme: theme, glyphs: glyphs).render(in: chartArea[2], into: &buffer)
        let tableBlock = Block(title: "Runs", theme: theme, glyphs: glyphs)
        tableBlock.render(in: right[0], into: &buffer)
        Table(columns: [Table.Column("run", width: .fill(2)), Table.Column("model", width: .fixed(6)),
                        Table.Column("acc", width: .fixed(6)), Table.Column("steps", width: .fixed(6))],
              rows: inputs.rows, selectedRow: 12, theme: theme, glyphs: glyphs)
            .render(in: tableBlock.inner(right[0]), into: &buffer)
        let lessonBlock = Block(title: "Lesson", theme: theme, glyphs: glyphs)
        lessonBlock.render(in: right[1], into: &buffer)
        MarkdownView(document: inputs.document, selectedLink: 0, theme: theme, glyphs: glyphs)
            .render(in: lessonBlock.inner(right[1]), into: &buffer)
        KeyHints(pairs: [("space", "pause"), ("n", "step"), ("tab", "focus"), ("?", "help"), ("q", "quit")], theme: theme)
            .render(in: rows[1], into: &buffer)
        return buffer
    }

    static let sampleMarkdown = """
    # Gradient descent

    We follow the **negative gradient** of the loss: w <- w - lr * dL/dw. A *small* learning
    rate converges slowly; a large one diverges (see [the lesson on schedules](lessons/schedules)).

    - Start with `lr = 0.1`
    - Watch the loss curve
      - if it rises, halve the rate
    1. Run the experiment
    2. Compare with validation

    > The loss should fall quickly at first and then flatten.

    ```swift
    for step in 0..<steps {
        let loss = model.step()
    }
    ```

    | optimizer | lr | final loss |
    |---|:--:|---:|
    | SGD | 0.1 | 0.31 |
    | Adam | 0.001 | 0.22 |

    ---
    """
}
