/// An experiment that shows a view of any text the learner types: a sentence to parse into a
/// tree, a user id to recommend for... The screen asks with `inputPrompt` (key `/`) and shows
/// the returned panel; it is made on the training thread between steps.
public protocol InteractiveExperiment: Experiment {
    /// What to ask for ("Type a sentence").
    var inputPrompt: String { get }
    /// A view of `text` with the model as it is now (nil before the model exists).
    func panel(forInput text: String) -> (any TopicPanel)?
}
