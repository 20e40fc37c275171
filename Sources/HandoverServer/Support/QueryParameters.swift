import HandoverCore
import Hummingbird

extension Request {
    /// The query's parameters read as a form: Hummingbird's `uri.queryParameters` leaves `+` as a plus sign, where
    /// every browser and HTTP client means a space (`q=Identify+Caller`, `since=+24h`).
    func queryParameters() throws -> Parameters {
        guard let query = uri.query else { return Parameters() }
        return Parameters(try FormQuery.pairs(query).map { (Substring($0.name), Substring($0.value)) })
    }
}
