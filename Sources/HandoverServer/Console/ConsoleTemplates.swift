import Foundation
import HandoverCore
import Hummingbird
import Mustache

/// The console's Mustache templates (Console/Templates), loaded once. Mustache escapes every `{{value}}`, so
/// text from a request body always renders as text; only the server-drawn chart uses `{{{...}}}`. The templates
/// hold no bidirectional-control character, so any in a page came from data and is shown, not obeyed.
struct ConsoleTemplates: Sendable {
    let library: MustacheLibrary

    init() throws {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Console/Templates"])
        }
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) where file.pathExtension == "mustache" {
            try library.register(String(contentsOf: file, encoding: .utf8), named: file.deletingPathExtension().lastPathComponent)
        }
        self.library = library
    }

    func page(_ name: String, _ model: Any, status: HTTPResponse.Status = .ok) -> Response {
        let rendered = library.render(model, withTemplate: name) ?? "<!doctype html><p>The page \(name) could not be rendered.</p>"
        let html = VisibleText.escapingBidiControls(rendered) { "<span class=\"bidi\">&lt;\($0)&gt;</span>" }
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
