import Datasets
import Foundation
import Lab

/// Everything the app is given: the experiments, the lessons, the data and where runs are saved.
public struct AppEnvironment: Sendable {
    public let catalog: ExperimentCatalog
    public let lessons: LessonCatalog
    public let store: DataStore
    public let runsFolder: URL
    /// Epochs a run trains before it stops by itself (the runner can change it); nil: each
    /// experiment's own default (`ExperimentDescriptor.epochs`).
    public let epochBudget: Int?

    public init(catalog: ExperimentCatalog, lessons: LessonCatalog, store: DataStore, runsFolder: URL, epochBudget: Int? = nil) {
        self.catalog = catalog
        self.lessons = lessons
        self.store = store
        self.runsFolder = runsFolder
        self.epochBudget = epochBudget
    }
}
