import NeuralNet
import TensorKit

/// The parameters of biased MF, r̂_ui = mu + b_u + b_i + p_u · q_i, with the SGD pass that
/// fits them (see ``BiasedMF``). Values live in tensors so the inspector can show them.
final class FactorModel {
    let mean: Float
    let factors: Int
    let userBias: Tensor, itemBias: Tensor
    /// `[users, factors]` and `[items, factors]`.
    let userFactors: Tensor, itemFactors: Tensor

    init(users: Int, items: Int, factors: Int, mean: Float, deviation: Float, using generator: inout SeededGenerator) {
        self.mean = mean
        self.factors = factors
        userBias = Tensor.zeros([users])
        itemBias = Tensor.zeros([items])
        userFactors = Tensor.randomNormal([users, factors], standardDeviation: deviation, using: &generator)
        itemFactors = Tensor.randomNormal([items, factors], standardDeviation: deviation, using: &generator)
    }

    func predict(user: Int, item: Int) -> Float {
        var score = mean + userBias.data[user] + itemBias.data[item]
        let k = factors
        for f in 0..<k { score += userFactors.data[user * k + f] * itemFactors.data[item * k + f] }
        return score
    }

    /// One SGD update per rating row, in the given order; returns the mean squared error of the
    /// predictions made before each update.
    func sgdEpochPart(rows: [Int], data: RatingData, learningRate η: Float, regularization λ: Float) -> Float {
        let k = factors, mu = mean
        var squaredErrors: Float = 0
        userBias.data.withUnsafeMutableBufferPointer { bu in
            itemBias.data.withUnsafeMutableBufferPointer { bi in
                userFactors.data.withUnsafeMutableBufferPointer { p in
                    itemFactors.data.withUnsafeMutableBufferPointer { q in
                        for row in rows {
                            let u = data.users[row], i = data.items[row]
                            let pu = p.baseAddress! + u * k, qi = q.baseAddress! + i * k
                            let error = data.ratings[row] - (mu + bu[u] + bi[i] + dot(pu, qi, k))
                            squaredErrors += error * error
                            bu[u] += η * (error - λ * bu[u])
                            bi[i] += η * (error - λ * bi[i])
                            for f in 0..<k {
                                let pf = pu[f], qf = qi[f]
                                pu[f] += η * (error * qf - λ * pf)
                                qi[f] += η * (error * pf - λ * qf)
                            }
                        }
                    }
                }
            }
        }
        return squaredErrors / Float(max(rows.count, 1))
    }

    var parameters: [NamedParameter] {
        [NamedParameter("user_bias", userBias), NamedParameter("item_bias", itemBias),
         NamedParameter("user_factors", userFactors), NamedParameter("item_factors", itemFactors)]
    }
}
