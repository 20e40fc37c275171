/// The verdict on one handover payload: every problem at once, and the payload as CXone should receive it.
public struct HandoverVerdict: Sendable, Equatable {
    public let shape: HandoverAttempt.Shape
    public let errors: [ValidationIssue]
    public let warnings: [ValidationIssue]
    public let normalisedPayload: JSONValue
    /// The contact id the signal would go to, when the payload names one.
    public let contactId: String?
    public let queueId: String?
    public let transferType: String?
    public let intent: String?
    public let confidence: Double?

    public var valid: Bool { errors.isEmpty }
}

public enum PayloadValidator {
    public static let transferTypes: Set<String> = ["consult", "blind"]

    public static func validate(_ attempt: HandoverAttempt) -> HandoverVerdict {
        var checks = FieldChecks(payload: attempt.payload)
        let verdict: HandoverVerdict
        switch attempt.shape {
        case .handover: verdict = checks.handoverShape(attempt)
        case .cxoneEscalation: verdict = checks.escalationShape(attempt)
        }
        return verdict
    }
}

/// Collects issues field by field; a field already reported as an unresolved template is not reported again.
struct FieldChecks {
    let payload: [String: JSONValue]
    private(set) var errors: [ValidationIssue] = []
    private var templateFields: Set<String> = []

    init(payload: [String: JSONValue]) {
        self.payload = payload
        errors = UnresolvedTemplate.scan(.object(payload))
        templateFields = Set(errors.map(\.field))
    }

    mutating func handoverShape(_ attempt: HandoverAttempt) -> HandoverVerdict {
        let reader = FieldReader(payload)
        let metadata = FieldReader(reader.json("metadata")?.objectValue ?? [:])
        let contact = required(
            reader, ["externalContactId", "contactId"], hint: "Set it to the CXone contact id that Context Init stored: {{context.data.contactId}}.")
        if let contact { checkContactId(contact.text, field: contact.field) }
        let queue = required(reader, ["queueId", "skillId"], hint: "Ensure the Queue ID is passed from Cognigy variables.")
        let transfer = required(reader, ["transferType"], hint: "Set it to consult or blind.")
        if let transfer { checkTransferType(transfer.text, field: transfer.field) }
        let intent = (reader.first(["intent"]) ?? metadata.first(["intent"]))?.value.scalarText
        let confidence = checkConfidence(
            reader.first(["confidence"]).map { ("confidence", $0.value) }
                ?? metadata.first(["confidence"]).map { ("metadata.confidence", $0.value) })
        var metadataOut: [String: JSONValue] = [:]
        metadataOut["botSessionId"] = attempt.sessionId.map(JSONValue.string)
        metadataOut["intent"] = intent.map(JSONValue.string)
        metadataOut["confidence"] = confidence.map(JSONValue.double)
        var normalised: [String: JSONValue] = ["metadata": .object(metadataOut)]
        normalised["externalContactId"] = contact.map { .string($0.text) }
        normalised["queueId"] = queue.map { .string($0.text) }
        normalised["transferType"] = transfer.map { .string($0.text) }
        return verdict(
            .handover, attempt, normalised: .object(normalised), contactId: contact?.text,
            queueId: queue?.text, transferType: transfer?.text, intent: intent, confidence: confidence)
    }

    mutating func escalationShape(_ attempt: HandoverAttempt) -> HandoverVerdict {
        let base = "_cognigy._niceCXOne.json"
        let json = JSONValue.object(payload).value(atPath: base)
        let intent = json?.value(atPath: "data.Intent")?.stringValue
        let action = json?["action"]?.stringValue
        checkEscalation(intent: intent, action: action, base: base)
        if let contactId = attempt.contactId { checkContactId(contactId, field: "contactId") }
        let data: [String: JSONValue] = [
            "Intent": intent.map(JSONValue.string) ?? .null,
            "Params": json?.value(atPath: "data.Params") ?? .string(""),
        ]
        let canonical: JSONValue = .object([
            "_cognigy": .object([
                "_niceCXOne": .object([
                    "json": .object([
                        "text": json?["text"] ?? .string(""), "uiComponent": json?["uiComponent"] ?? .object([:]),
                        "data": .object(data), "action": action.map(JSONValue.string) ?? .null,
                    ])
                ])
            ])
        ])
        return verdict(
            .cxoneEscalation, attempt, normalised: canonical, contactId: attempt.contactId,
            queueId: nil, transferType: nil, intent: intent, confidence: nil)
    }

    private func verdict(
        _ shape: HandoverAttempt.Shape, _ attempt: HandoverAttempt, normalised: JSONValue, contactId: String?,
        queueId: String?, transferType: String?, intent: String?, confidence: Double?
    ) -> HandoverVerdict {
        let warnings = attempt.sessionId == nil ? [ValidationIssue(.missingBotSessionId, field: "metadata.botSessionId")] : []
        return HandoverVerdict(
            shape: shape, errors: errors, warnings: warnings, normalisedPayload: normalised, contactId: contactId,
            queueId: queueId, transferType: transferType, intent: intent, confidence: confidence)
    }

    /// A present, non-empty value (string or number) under one of `names`, or nil after reporting why not.
    private mutating func required(_ reader: FieldReader, _ names: [String], hint: String) -> (field: String, text: String)? {
        guard let (field, value) = reader.first(names) else {
            report(.missingField, names[0], "\(names[0]) is missing. \(hint)")
            return nil
        }
        guard let text = value.scalarText else {
            report(.missingField, field, "\(field) is a \(value.typeName), not a value. \(hint)")
            return nil
        }
        if text.trimmingWhitespaceAndNewlines().isEmpty {
            report(.emptyField, field, "\(field) is empty. \(hint)")
            return nil
        }
        return templateFields.contains(field) ? nil : (field, text.trimmingWhitespace())
    }

    private mutating func checkContactId(_ contactId: String, field: String) {
        if contactId == ContactIds.placeholder {
            errors.append(ValidationIssue(.placeholderContactId, field: field))
        } else if !ContactIds.isAllDigits(contactId), !templateFields.contains(field) {
            report(.invalidContactId, field, "\(field) is \"\(contactId.prefix(40))\"; CXone contact ids are integers (digits only).")
        }
    }

    private mutating func checkTransferType(_ value: String, field: String) {
        guard !PayloadValidator.transferTypes.contains(value) else { return }
        let suggestion = PayloadValidator.transferTypes.first { $0 == value.lowercased().trimmingWhitespace() }
        let hint = suggestion.map { " (did you mean \($0)?)" } ?? ""
        report(.invalidTransferType, field, "\(field) is \"\(value.prefix(40))\"; it must be exactly consult or blind\(hint).")
    }

    private mutating func checkConfidence(_ found: (field: String, value: JSONValue)?) -> Double? {
        guard let (field, value) = found, !templateFields.contains(field) else { return nil }
        let number = value.scalarText.flatMap(Double.init)
        guard let number, number >= 0, number <= 1, value.stringValue?.isEmpty != true else {
            let scaled = number.map { $0 > 1 && $0 <= 100 ? " (send \($0 / 100))" : "" } ?? ""
            report(.invalidConfidence, field, "\(field) is \(value.jsonText); it must be a number from 0 to 1\(scaled).")
            return nil
        }
        return number
    }

    private mutating func checkEscalation(intent: String?, action: String?, base: String) {
        let expectedAction = ["Escalate": "AGENT_TRANSFER", "End": "END_CONVERSATION"]
        guard let intent else {
            report(.missingField, "\(base).data.Intent", "\(base).data.Intent is missing; set it to Escalate (or End).")
            return
        }
        guard let expected = expectedAction[intent] else {
            report(.inconsistentAction, "\(base).data.Intent", "Intent is \"\(intent.prefix(40))\"; CXone Studio understands Escalate or End.")
            return
        }
        if action != expected {
            let actual = action.map { "\"\($0.prefix(40))\"" } ?? "missing"
            report(.inconsistentAction, "\(base).action", "action is \(actual); with Intent \(intent) it must be \(expected).")
        }
    }

    private mutating func report(_ code: ValidationIssue.Code, _ field: String, _ message: String) {
        guard !templateFields.contains(field) else { return }
        errors.append(ValidationIssue(code, field: field, message: message))
    }
}
