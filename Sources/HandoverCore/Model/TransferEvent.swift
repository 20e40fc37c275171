/// A Voice Gateway transfer event as the flow saw it in `input.data` (a snapshot's `data`, OData's `inputData`):
/// `{"event": "TRANSFER_DIAL_ERROR", "payload": {"sip_status": 486, "sip_reason": "Busy Here", ...}}`.
public struct TransferEvent: Sendable, Equatable {
    public var name: String
    /// The SIP status that tells the outcome: `refer_status` for a REFER (its `sip_status` is the call's own), else `sip_status`.
    public var sipStatus: Int?
    public var sipReason: String?

    public init(name: String, sipStatus: Int? = nil, sipReason: String? = nil) {
        self.name = name
        self.sipStatus = sipStatus
        self.sipReason = sipReason
    }

    /// The events that mean the transfer to the contact centre did not connect.
    public static let failureNames: Set<String> = ["TRANSFER_DIAL_ERROR", "TRANSFER_REFER_ERROR", "NO_ANSWER", "USER_BUSY"]
    static let successNames: Set<String> = ["TRANSFER_DIAL_SUCCESS", "TRANSFER_REFER_SUCCESS"]

    public var isFailure: Bool { Self.failureNames.contains(name) }

    /// The transfer event in `data`, when it holds one this tool knows; other events (`USER_INPUT_TIMEOUT`) are not transfers.
    public static func read(_ data: JSONValue?) -> TransferEvent? {
        guard let data = data.map(FieldReader.parsingEmbeddedJSON), let name = data["event"]?.stringValue else { return nil }
        let payload = data["payload"].map(FieldReader.parsingEmbeddedJSON)
        let status = { (key: String) in payload?[key]?.scalarText.flatMap { Int($0.trimmingWhitespace()) } }
        let refer = name.hasPrefix("TRANSFER_REFER") ? status("refer_status") : nil
        return from(name: name, sipStatus: refer ?? status("sip_status"), sipReason: payload?["sip_reason"]?.stringValue)
    }

    /// An event from its parts as the store keeps them; nil for a name that is not a transfer outcome.
    public static func from(name: String?, sipStatus: Int?, sipReason: String?) -> TransferEvent? {
        guard let name = name?.uppercased(), failureNames.contains(name) || successNames.contains(name) else { return nil }
        return TransferEvent(name: name, sipStatus: sipStatus, sipReason: sipReason)
    }

    /// `TRANSFER_DIAL_ERROR, SIP 486 Busy Here`.
    public var summary: String {
        let status = sipStatus.map { " \($0)" } ?? ""
        let reason = sipReason.map { " \($0)" } ?? ""
        return status.isEmpty && reason.isEmpty ? name : "\(name), SIP\(status)\(reason)"
    }

    /// What the SIP status class says to check.
    public var advice: String {
        switch (name, sipStatus) {
        case ("USER_BUSY", _), (_, 480?), (_, 486?), (_, 600?): "the target was busy or unavailable: check the CXone point of contact takes calls"
        case ("NO_ANSWER", _), (_, 487?), (_, 408?): "nobody answered before the transfer's timeout: check the target answers and the timeout"
        case (_, 403?): "the far end rejected the caller's identity: check the P-Asserted-Identity and caller id the trunk allows"
        case (_, 404?): "the target is unknown to the far end: check the transfer number or SIP URI"
        case (_, 488?): "the media offer was not acceptable: check the codecs both trunks allow"
        case (_, let status?) where status >= 500: "the far end failed: check the carrier and the CXone trunk"
        default: "read the SIP status and reason in Voice Gateway's logs (trace_id)"
        }
    }
}
