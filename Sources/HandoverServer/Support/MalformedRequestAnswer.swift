import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Answers requests the HTTP parser itself refuses (both Content-Length and Transfer-Encoding, too many or too large
/// headers, a request line that is not HTTP) with the JSON error every other refusal gets, where Hummingbird would
/// answer an empty 400. It sits between the HTTP codec and Hummingbird and watches which request and answer are
/// under way, so that each request gets exactly one answer: while a handler may still read the body the error goes
/// on to it (and `JSONErrorMiddleware` answers); while an answer is being written it waits for that answer's end.
/// After a parse error the connection writes nothing more and closes.
final class MalformedRequestAnswer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a refused client may go on sending before the connection closes: closing a socket with unread input
    /// resets it, and a reset can destroy the answer before the client reads it.
    static let lingering = TimeAmount.seconds(2)

    private var requestBodyOpen = false
    private var answerOpen = false
    private var parseFailed = false
    private var pendingError: (any Error)?
    private var closing = false
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            requestBodyOpen = true
            answerOpen = true
        case .body: break
        case .end: requestBodyOpen = false
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard !closing else { return promise?.fail(ChannelError.outputClosed) ?? () }
        guard case .end = unwrapOutboundIn(data) else { return context.write(data, promise: promise) }
        answerOpen = false
        context.write(data, promise: promise)
        if let error = pendingError {
            answer(error, context: context)
        } else if parseFailed {
            closeLingering(context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if closing { return }  // the decoder reports each later read; what the client still sends is discarded
        guard error is HTTPParserError || error is HTTP1TypeConversionError else { return context.fireErrorCaught(error) }
        parseFailed = true
        switch (requestBodyOpen, answerOpen) {
        case (true, true): context.fireErrorCaught(error)  // the handler reading the body answers it
        case (true, false): closeLingering(context: context)  // answered already
        case (false, true): pendingError = error
        case (false, false): answer(error, context: context)
        }
    }

    private func answer(_ error: any Error, context: ChannelHandlerContext) {
        let refusal = APIError.malformedRequest(error)
        logger.debug("malformed HTTP request refused", metadata: ["error": "\(error)"])
        let body = ByteBuffer(bytes: refusal.encodedBody)
        var fields = SecurityHeaders.fixedFields
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.contentLength] = String(body.readableBytes)
        fields[.connection] = "close"
        context.write(wrapOutboundOut(.head(HTTPResponse(status: refusal.status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        closeLingering(context: context)
    }

    /// Sends what is written, ends output, and closes the whole connection a little later.
    private func closeLingering(context: ChannelHandlerContext) {
        closing = true
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.flush()
        context.close(mode: .output).whenFailure { _ in bound.value.close(promise: nil) }
        context.eventLoop.scheduleTask(in: Self.lingering) { bound.value.close(promise: nil) }
    }
}
