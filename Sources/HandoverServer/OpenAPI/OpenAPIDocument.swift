import Foundation
import Hummingbird

/// `GET /openapi.json`: the HTTP contract, kept beside this file and served as it is. JSON rather than YAML: every
/// OpenAPI tool reads it, and the server needs no YAML library. A test holds it to `Routes.all`, both ways.
struct OpenAPIDocument: Sendable {
    let body: ByteBuffer

    init() throws {
        guard let file = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "OpenAPI/openapi.json"])
        }
        body = ByteBuffer(bytes: try Data(contentsOf: file))
    }

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.on(Routes.openAPI) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=3600"], body: .init(byteBuffer: body))
        }
    }
}
