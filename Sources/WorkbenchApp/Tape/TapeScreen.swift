import Lab
import TensorKit
import TerminalUI

/// The tape of one minibatch of the open run: every op of the forward pass, the backward pass
/// from the loss back, and the finite-difference checks of the parameters' gradients, one row
/// each, with the selected row explained beside the list; enter opens its tensors.
///
/// Opening the view (key b on the runner) records the run's *next* minibatch and pauses: the
/// tape costs nothing until it is asked for, so there is no tape of steps already taken. Key n
/// here records one more.
struct TapeScreen: AppScreen {
    let view: RunView
    /// The run's step count when the recording was asked for: a tape of a later step is the one
    /// to show (until it arrives, the view says it is recording).
    private(set) var requestedAfter: Int
    /// The run the recording was asked of (a restart makes a new one, without the tape).
    private(set) var requestedRunID: String
    var selection = 0
    /// The step of the tape the selection belongs to (a new tape starts at its mark, or the top).
    private var selectionStep: Int?
    /// The tensor view: which of the selected row's tensors is open (nil: closed).
    var openTensor: Int?
    /// Which image of a batch of images the tensor view shows, and which channel.
    var imageIndex = 0
    var channelIndex = 0
    /// Whether the tensor view draws a matrix's rows as square images (when they are).
    var rowsAsImages = false

    init(view: RunView) {
        self.view = view
        requestedAfter = view.snapshot.stepCount
        requestedRunID = view.snapshot.runID
    }

    /// Whether the run was restarted since the recording was asked for.
    var runRestarted: Bool { view.snapshot.runID != requestedRunID }

    /// The tape to show: the run's latest, once it is of a step after the request.
    var recorded: RecordedTape? {
        guard !runRestarted, let tape = view.snapshot.tape, tape.step > requestedAfter else { return nil }
        return tape
    }

    var rows: TapeRows? { recorded.map { TapeRows($0.tape) } }

    /// Keeps the selection on the current tape: a newly arrived tape starts at its first problem.
    mutating func follow() {
        guard let recorded, selectionStep != recorded.step else { return }
        selectionStep = recorded.step
        selection = TapeRows(recorded.tape).markedRow ?? 0
        openTensor = nil
    }

    mutating func handle(_ key: Key, _ context: inout ScreenContext) {
        follow()
        if openTensor != nil { handleTensorView(key); return }
        let count = rows?.rows.count ?? 0
        switch key {
        case .escape: context.request(.back)
        case .up, .character("k"): selection = max(0, selection - 1)
        case .down, .character("j"): selection = min(max(0, count - 1), selection + 1)
        case .pageUp: selection = max(0, selection - 10)
        case .pageDown: selection = min(max(0, count - 1), selection + 10)
        case .home: selection = 0
        case .end: selection = max(0, count - 1)
        case .character("m"):
            if let marked = rows?.markedRow { selection = marked } else { context.notice = "no NaN, infinity or exploding gradient on this tape" }
        case .enter:
            guard let rows, selection < rows.rows.count else { return }
            if rows.tensors(of: rows.rows[selection]).isEmpty { context.notice = "nothing to open on this row"; return }
            openTensor = 0
            imageIndex = 0
            channelIndex = 0
        case .character("n"), .character("b"):
            switch view.snapshot.state {
            case .diverged, .failed, .preparing:
                context.notice = "the run cannot step now (\(view.snapshot.state.label)); esc, then restart it"
            default:
                requestedAfter = view.snapshot.stepCount
                requestedRunID = view.snapshot.runID
                view.runner.send(.stepRecordingTape)
            }
        default: break
        }
    }

    private mutating func handleTensorView(_ key: Key) {
        guard let rows, selection < rows.rows.count else { openTensor = nil; return }
        let tensors = rows.tensors(of: rows.rows[selection])
        switch key {
        case .escape, .enter: openTensor = nil
        case .tab: openTensor = ((openTensor ?? 0) + 1) % max(1, tensors.count); imageIndex = 0; channelIndex = 0
        case .backTab: openTensor = ((openTensor ?? 0) + max(1, tensors.count) - 1) % max(1, tensors.count); imageIndex = 0; channelIndex = 0
        case .right, .character("l"): imageIndex += 1
        case .left, .character("h"): imageIndex = max(0, imageIndex - 1)
        case .down, .character("j"): channelIndex += 1
        case .up, .character("k"): channelIndex = max(0, channelIndex - 1)
        case .character("i"): rowsAsImages.toggle(); imageIndex = 0
        default: break
        }
    }
}
