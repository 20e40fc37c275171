// The ceiling bench-ingest measures this server against: Hummingbird alone, as a new project would start, with a
// POST route that reads the whole body and answers a fixed JSON, and a fixed GET /health. No store, no middleware.
//
//   bench-bare-hummingbird PORT
import Hummingbird

let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8081
let router = Router()
let created = #"{"stored":true}"#
router.post("/v1/snapshots") { request, _ -> Response in
    _ = try await request.body.collect(upTo: 1 << 20)
    return Response(
        status: .created, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: created)))
}
router.get("/health") { _, _ -> Response in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
