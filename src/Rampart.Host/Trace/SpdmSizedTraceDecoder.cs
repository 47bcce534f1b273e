using System.Globalization;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Host.Trace;

/// <summary>
/// Fields of the SPDM messages whose layout depends on negotiated sizes (DSP0274 §10: DIGESTS,
/// CHALLENGE_AUTH, MEASUREMENTS, KEY_EXCHANGE, KEY_EXCHANGE_RSP, FINISH, FINISH_RSP), decoded
/// with the sizes a connection's ALGORITHMS response set (<see cref="SpdmTraceSession"/>), and
/// the request facts those responses need, recorded as the requests go by.
/// </summary>
internal static class SpdmSizedTraceDecoder
{
    /// <summary>Notes what a request or negotiation message tells later messages of the connection.</summary>
    public static void Observe(ReadOnlySpan<byte> spdm, SpdmCode code, SpdmTraceSession session)
    {
        switch (code)
        {
            case SpdmCode.GetCapabilities or SpdmCode.Capabilities:
                if (GetCapabilities.TryRead(spdm, code, out var caps, out _) == WireStatus.Done)
                {
                    if (code == SpdmCode.Capabilities)
                    {
                        session.ResponderFlags = caps.Flags;
                    }
                    else
                    {
                        session.RequesterFlags = caps.Flags;
                    }
                }

                break;
            case SpdmCode.Algorithms:
                if (NegotiateAlgorithms.TryRead(spdm, true, out var algorithms) == WireStatus.Done)
                {
                    session.Negotiated(spdm[0], algorithms.BaseHash, algorithms.BaseAsym, algorithms.Dhe);
                }

                break;
            case SpdmCode.Challenge:
                session.ChallengeSummaryHash = spdm[3] != 0;
                break;
            case SpdmCode.GetMeasurements:
                session.MeasurementsSigned = (spdm[2] & 1) != 0;
                break;
            case SpdmCode.KeyExchange:
                session.KeyExchangeSummaryHash = spdm[2] != 0;
                break;
            default:
                break;
        }
    }

    /// <summary>True when <paramref name="code"/> needs negotiated sizes to decode.</summary>
    public static bool NeedsSizes(SpdmCode code) => code is SpdmCode.Digests or SpdmCode.ChallengeAuth or SpdmCode.Measurements
        or SpdmCode.KeyExchange or SpdmCode.KeyExchangeRsp or SpdmCode.Finish or SpdmCode.FinishRsp;

    /// <summary>Decodes a size-dependent message with <paramref name="sizes"/>.</summary>
    public static WireStatus Decode(ReadOnlySpan<byte> spdm, SpdmCode code, SpdmTraceSession session, SpdmSizes sizes, List<TraceField> fields)
    {
        switch (code)
        {
            case SpdmCode.Digests:
            {
                var status = GetDigests.TryReadResponse(spdm, sizes.HashSize, out var mask, out var digests, out _);
                if (status == WireStatus.Done)
                {
                    fields.Add(new TraceField("provisioned slots", $"0x{mask:X2}"));
                    for (var i = 0; i + sizes.HashSize <= digests.Length && sizes.HashSize > 0; i += sizes.HashSize)
                    {
                        fields.Add(new TraceField($"digest[{i / sizes.HashSize}]", TraceFormat.Hex(digests.Slice(i, sizes.HashSize))));
                    }
                }

                return status;
            }

            case SpdmCode.ChallengeAuth:
            {
                var status = ChallengeAuth.TryRead(spdm, sizes, session.ChallengeSummaryHash, out var auth);
                if (status == WireStatus.Done)
                {
                    fields.Add(new TraceField("slot", auth.SlotId.ToString(CultureInfo.InvariantCulture)));
                    fields.Add(new TraceField("slot mask", $"0x{auth.SlotMask:X2}"));
                    fields.Add(new TraceField("CertChainHash", TraceFormat.Hex(auth.CertChainHash)));
                    fields.Add(new TraceField("nonce", TraceFormat.Hex(auth.Nonce)));
                    Optional(fields, "MeasurementSummaryHash", auth.MeasurementSummaryHash);
                    Optional(fields, "opaque data", auth.OpaqueData);
                    Optional(fields, "RequesterContext", auth.RequesterContext);
                    fields.Add(new TraceField("signature", TraceFormat.Hex(auth.Signature)));
                }

                return status;
            }

            case SpdmCode.Measurements:
            {
                var status = Measurements.TryRead(spdm, sizes, session.MeasurementsSigned, out var measurements);
                if (status == WireStatus.Done)
                {
                    fields.Add(new TraceField("blocks", measurements.NumberOfBlocks.ToString(CultureInfo.InvariantCulture)));
                    var rest = measurements.Record;
                    while (!rest.IsEmpty && MeasurementBlock.TryRead(rest, out var block) == WireStatus.Done && block.Length > 0)
                    {
                        fields.Add(new TraceField($"block {block.Index}", TraceFormat.Hex(block.Value)));
                        rest = rest[block.Length..];
                    }

                    fields.Add(new TraceField("nonce", TraceFormat.Hex(measurements.Nonce)));
                    Optional(fields, "opaque data", measurements.OpaqueData);
                    Optional(fields, "signature", measurements.Signature);
                }

                return status;
            }

            case SpdmCode.KeyExchange:
            {
                var status = KeyExchange.TryRead(spdm, sizes, out var request);
                if (status == WireStatus.Done)
                {
                    fields.Add(new TraceField("slot", request.SlotId.ToString(CultureInfo.InvariantCulture)));
                    fields.Add(new TraceField("ReqSessionID", $"0x{request.ReqSessionId:X4}"));
                    fields.Add(new TraceField("SessionPolicy", $"0x{request.SessionPolicy:X2}"));
                    fields.Add(new TraceField("ExchangeData", TraceFormat.Hex(request.ExchangeData)));
                    Optional(fields, "opaque data", request.OpaqueData);
                }

                return status;
            }

            case SpdmCode.KeyExchangeRsp:
            {
                var status = KeyExchangeRsp.TryRead(spdm, sizes, session.KeyExchangeSummaryHash, session.HandshakeInTheClear, out var response);
                if (status == WireStatus.Done)
                {
                    fields.Add(new TraceField("RspSessionID", $"0x{response.RspSessionId:X4}"));
                    fields.Add(new TraceField("MutAuthRequested", $"0x{response.MutAuthRequested:X2}"));
                    fields.Add(new TraceField("ExchangeData", TraceFormat.Hex(response.ExchangeData)));
                    Optional(fields, "MeasurementSummaryHash", response.MeasurementSummaryHash);
                    fields.Add(new TraceField("signature", TraceFormat.Hex(response.Signature)));
                    Optional(fields, "ResponderVerifyData", response.VerifyData);
                }

                return status;
            }

            case SpdmCode.Finish:
            {
                var status = Finish.TryRead(spdm, sizes, out var finish);
                if (status == WireStatus.Done)
                {
                    Optional(fields, "signature", finish.Signature);
                    fields.Add(new TraceField("RequesterVerifyData", TraceFormat.Hex(finish.VerifyData)));
                }

                return status;
            }

            case SpdmCode.FinishRsp:
            {
                var status = Finish.TryReadResponse(spdm, sizes, session.HandshakeInTheClear, out var verifyData);
                if (status == WireStatus.Done)
                {
                    Optional(fields, "ResponderVerifyData", verifyData);
                }

                return status;
            }

            default:
                return WireStatus.Done;
        }
    }

    private static void Optional(List<TraceField> fields, string name, ReadOnlySpan<byte> value)
    {
        if (!value.IsEmpty)
        {
            fields.Add(new TraceField(name, TraceFormat.Hex(value)));
        }
    }
}
