/// The stable diagnosis codes, in the order their rules are applied (`Diagnoser`). Codes never change meaning; new ones are added.
public enum DiagnosisCode: String, Sendable, CaseIterable, Codable {
    case handedOver = "HANDED_OVER"
    case placeholderContactId = "PLACEHOLDER_CONTACT_ID"
    case invalidPayload = "INVALID_PAYLOAD"
    case signalFailed = "SIGNAL_FAILED"
    case transferFailed = "TRANSFER_FAILED"
    case noCXoneRecord = "NO_CXONE_RECORD"
    case noGenesysRecord = "NO_GENESYS_RECORD"
    case noBotRecord = "NO_BOT_RECORD"
    case cxoneError = "CXONE_ERROR"
    case genesysError = "GENESYS_ERROR"
    case agentRefused = "AGENT_REFUSED"
    case abandonedInQueue = "ABANDONED_IN_QUEUE"
    case leftQueueUnanswered = "LEFT_QUEUE_UNANSWERED"
    case notQueued = "NOT_QUEUED"
    case callerHungUpInBot = "CALLER_HUNG_UP_IN_BOT"
    case noEscalation = "NO_ESCALATION"
    case unknown = "UNKNOWN"

    public var entry: DiagnosisCatalogue.Entry { DiagnosisCatalogue.entry(self) }
}

/// What each code means, what evidence makes it hold, and what to do about it.
public enum DiagnosisCatalogue {
    public struct Entry: Sendable {
        public let code: DiagnosisCode
        public let isFailure: Bool
        public let meaning: String
        public let evidence: String
        public let action: String

        /// The side whose late data could still change this code: nil when the bot's side alone decides it, or (an agent
        /// answered) nothing that arrives later can undo it. See `Settlement`.
        public var waitsFor: HistorySide? {
            switch code {
            case .handedOver, .placeholderContactId, .invalidPayload, .signalFailed, .transferFailed: nil
            case .noBotRecord: .bot
            case .noCXoneRecord, .noGenesysRecord, .cxoneError, .genesysError, .agentRefused, .abandonedInQueue, .leftQueueUnanswered, .notQueued,
                .callerHungUpInBot,
                .noEscalation, .unknown:
                .contactCentre
            }
        }
    }

    public static var all: [Entry] { DiagnosisCode.allCases.map(entry) }

    // One switch, so the compiler insists every code is documented.
    // swiftlint:disable:next function_body_length
    public static func entry(_ code: DiagnosisCode) -> Entry {
        switch code {
        case .handedOver:
            return Entry(
                code: code, isFailure: false, meaning: "The caller reached a live agent.",
                evidence: "A matched contact has an agent id with agent time above 0, or an agent/active state.",
                action: "Nothing to do.")
        case .placeholderContactId:
            return Entry(
                code: code, isFailure: true,
                meaning:
                    "The flow used contact id 100000000000, Context Init's fallback when the SIP headers were missing; CXone ignored the signal.",
                evidence: "A snapshot or handover attempt carrying contact id 100000000000.",
                action: "Make CXone pass X-InContact-MasterId and X-InContact-ContactId to the bot, and run Context Init before the handover.")
        case .invalidPayload:
            return Entry(
                code: code, isFailure: true, meaning: "The last handover payload failed validation before it reached CXone.",
                evidence: "The validation errors of the last handover attempt.",
                action: "Fix the fields the errors name in the flow (handover-trace validate shows each), then place a test call.")
        case .signalFailed:
            return Entry(
                code: code, isFailure: true, meaning: "The flow reported that the escalation call to CXone failed.",
                evidence: "An attempt outcome or snapshot context with CXoneHandover.success false or handover.status error.",
                action:
                    """
                    Read the error: a 401 means the CXone access key or client credentials; a missing endpoint means discovery; check the \
                    extension's connection.
                    """
            )
        case .transferFailed:
            return Entry(
                code: code, isFailure: true, meaning: "Voice Gateway's SIP transfer to the contact centre failed.",
                evidence:
                    "A TRANSFER_DIAL_ERROR, TRANSFER_REFER_ERROR, NO_ANSWER or USER_BUSY event (snapshot data, OData inputData) and its SIP status.",
                action:
                    """
                    Act on the SIP status: 403 the caller identity was rejected (P-Asserted-Identity), 404 the target is unknown, 480/486 busy, \
                    487 not answered before the timeout, 488 codecs, 5xx the carrier or CXone trunk failed.
                    """
            )
        case .noCXoneRecord:
            return Entry(
                code: code, isFailure: true, meaning: "The bot recorded the session but no CXone contact matches it.",
                evidence: "The contact ids and session id that were looked for.",
                action: "Fetch CXone data for the session's time (fetch-cxone --since), or check that the flow records context.data.contactId.")
        case .noGenesysRecord:
            return Entry(
                code: code, isFailure: true,
                meaning:
                    """
                    The bot recorded the session with a Genesys conversation id that no import has, or (no id, no caller match) Genesys \
                    data covers its time and CXone's does not.
                    """,
                evidence: "The conversation ids and session id that were looked for.",
                action:
                    """
                    Fetch Genesys data for the session's time (fetch-genesys or import-genesys), or check that the flow records \
                    genesysConversationId from the Genesys Bot Connector.
                    """
            )
        case .noBotRecord:
            return Entry(
                code: code, isFailure: true,
                meaning: "A contact centre record (a CXone contact, a Genesys conversation) names a bot session the bot never recorded.",
                evidence: "The custom-data item or participant attribute that names the session, and its contact or conversation.",
                action: "Add the HTTP Request node to the flow (or check its URL, key and Abort on Error) so every session is recorded.")
        case .cxoneError:
            return Entry(
                code: code, isFailure: true, meaning: "CXone ended the contact with an error or system end reason.",
                evidence: "The contact's end reason or an error state.",
                action:
                    """
                    Open the contact in CXone (Contact History) and the Studio script trace at that time; raise it with NICE support with the \
                    contact id.
                    """
            )
        case .genesysError:
            return Entry(
                code: code, isFailure: true,
                meaning:
                    """
                    A Genesys segment before any agent answered ended in an error (disconnectType error, system, transportFailure, or an \
                    errorCode).
                    """,
                evidence: "The segment, its participant, its disconnectType and errorCode.",
                action:
                    """
                    Open the interaction's details view in Genesys Cloud (Performance > Interactions) at that segment, and the Architect \
                    flow's execution; raise it with Genesys support with the conversation id and the error code.
                    """
            )
        case .agentRefused:
            return Entry(
                code: code, isFailure: true, meaning: "The contact was offered to an agent who refused it, and it never reached one.",
                evidence:
                    """
                    isRefused or refuseReason on the contact, or a Refused state; in Genesys, an agent alerted (tAlert, tNotResponding) \
                    with no interact.
                    """,
                action:
                    """
                    Check the agents' availability and refusal settings for the skill; review the refuse reason. In Genesys, open the \
                    queue's members and their alerting timeout, and the interaction's details view for who was alerted.
                    """
            )
        case .abandonedInQueue:
            return Entry(
                code: code, isFailure: true, meaning: "The contact queued, then the caller hung up before an agent answered.",
                evidence: "abandoned true with queue time (abandonSeconds); in Genesys, tAbandon or the customer hanging up in the acd queue.",
                action:
                    """
                    Staffing or queue messaging for the skill (in Genesys, the queue): compare abandon time with its service level; the \
                    interaction's details view shows the wait.
                    """
            )
        case .leftQueueUnanswered:
            return Entry(
                code: code, isFailure: true,
                meaning: "The contact queued and left the queue without being answered or abandoned (removed from queue).",
                evidence: "Queue time or an InQueue state, no agent, not abandoned; in Genesys, tFlowOut or a flowOutType with no agent.",
                action:
                    """
                    Check the Studio script's queue timeout and overflow branches for the skill; in Genesys, the in-queue Architect flow's \
                    transfers to voicemail, callback or another queue.
                    """
            )
        case .notQueued:
            return Entry(
                code: code, isFailure: true,
                meaning: "The bot escalated (with a valid payload, where one was recorded) but the contact centre never queued the call.",
                evidence:
                    """
                    A valid handover attempt, a snapshot with handoverRequested true, or an escalation in Cognigy's history \
                    (handoverEscalations, inHandoverRequest); no queue time, or no acd participant in Genesys.
                    """,
                action:
                    """
                    Handle OnReturnControlToScript and OnError in the Studio script, and check the skill the payload names exists; in \
                    Genesys, check the Architect flow's Transfer to ACD action and the queue it names.
                    """
            )
        case .callerHungUpInBot:
            return Entry(
                code: code, isFailure: false, meaning: "The caller ended the call while talking to the bot, before any escalation.",
                evidence: "No handover attempt or escalation in Cognigy's history; the contact ended by the caller with no queue time.",
                action: "Nothing to fix in the handover; review the flow if many callers leave at the same step.")
        case .noEscalation:
            return Entry(
                code: code, isFailure: true, meaning: "The bot session ended with no escalation attempt and CXone shows no queue.",
                evidence: "No handover attempt recorded and none in Cognigy's history; no queue time or InQueue state.",
                action:
                    "If the caller asked for an agent, check the flow reaches its handover node (the last snapshot's label shows where it stopped).")
        case .unknown:
            return Entry(
                code: code, isFailure: true, meaning: "The data does not decide any of the above.",
                evidence: "What is missing (for example queue figures or state history).",
                action: "Fetch the contact's state history (fetch-cxone) and record more steps of the flow, then report again.")
        }
    }
}
