import HandoverCore
import HandoverStore
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Turns every failure into a JSON error with a stable code, so a flow or script never has to parse HTML or guess.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as InputError {
            throw APIError.from(error)
        } catch let error as HTTPParserError {
            throw APIError.malformedRequest(error)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge(limit: maxBodyBytes)
        } catch let error as StoreUnavailable {
            context.logger.error("store unavailable", metadata: ["reason": "\(error.description)"])
            throw APIError.storeUnavailable(error.description)
        } catch let error as HTTPError where error.status == .notFound {
            throw notFound(request)
        } catch let error as any HTTPResponseError {
            throw APIError(error.status, code: "HTTP_\(error.status.code)", message: error.status.reasonPhrase)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(.internalServerError, code: "INTERNAL_ERROR", message: "The server failed to handle the request; see its log.")
        }
    }

    private func notFound(_ request: Request) -> APIError {
        guard let methods = Routes.allowedMethods(request.uri.path) else {
            return APIError(.notFound, code: "NOT_FOUND", message: "No endpoint at \(request.uri.path); see docs/http-api.md for the API.")
        }
        let allow = methods.map(\.rawValue).joined(separator: ", ")
        return APIError(
            .methodNotAllowed, code: "METHOD_NOT_ALLOWED",
            message: "\(request.uri.path) accepts \(allow), not \(request.method.rawValue).",
            headers: [.allow: allow])
    }
}
