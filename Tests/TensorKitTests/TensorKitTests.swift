import Testing
@testable import TensorKit
