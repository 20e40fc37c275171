import Foundation
import Hummingbird

/// The console's stylesheet and the live page's script, served as files so the Content-Security-Policy needs no
/// `unsafe-inline`. Read once at start from Console/Assets.
struct ConsoleAssets: Sendable {
    static let stylesheet = "/assets/console.css"
    static let liveScript = "/assets/live.js"
    static let paths = [stylesheet, liveScript]

    let files: [String: (contentType: String, body: ByteBuffer)]

    init() throws {
        guard let folder = Bundle.module.url(forResource: "Assets", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Console/Assets"])
        }
        let read = { (name: String) in ByteBuffer(bytes: try Data(contentsOf: folder.appendingPathComponent(name))) }
        files = [
            Self.stylesheet: ("text/css; charset=utf-8", try read("console.css")),
            Self.liveScript: ("text/javascript; charset=utf-8", try read("live.js")),
        ]
    }

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        for (path, file) in files {
            router.on(Route(.get, path, .asset)) { _, _ in
                // Not caller data, so it may be cached; a changed file reaches browsers within the hour.
                Response(
                    status: .ok, headers: [.contentType: file.contentType, .cacheControl: "public, max-age=3600"],
                    body: .init(byteBuffer: file.body))
            }
        }
    }
}
