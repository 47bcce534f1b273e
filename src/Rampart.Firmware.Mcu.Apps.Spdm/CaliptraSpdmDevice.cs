using Rampart.Protocols.Caliptra;
using Rampart.Protocols.Spdm;
using Rampart.Wire;
using Rampart.Wire.Spdm;

namespace Rampart.Firmware.Mcu.Apps.Spdm;

/// <summary>
/// What the MCU's SPDM responder speaks for, all of it held by Caliptra and fetched through the
/// mailbox: certificate slot 0 is the DICE chain (manufacturer CA, IDevID, LDevID, FMC alias,
/// RT alias, from the GET_*_ECC384_CERT commands), signatures come from CM_ECDSA_SIGN with the
/// RT alias key (which never leaves Caliptra's key vault), and the measurement blocks of
/// <see cref="SpdmMeasurementLayout"/> are read fresh from FW_INFO, QUOTE_PCRS_ECC384 and
/// GET_IMAGE_INFO before every request that reports them. No CSR, no SET_CERTIFICATE, no
/// vendor-defined SPDM commands (Caliptra's VDMs travel as MCTP type 0x7F, the VDM app's).
/// </summary>
internal sealed class CaliptraSpdmDevice(ISpdmMailbox mailbox, ISpdmCrypto crypto) : ISpdmResponderDevice
{
    private static readonly CaliptraCommand[] ChainCommands =
    [
        CaliptraCommand.GetIdevCaEcc384Cert, CaliptraCommand.GetIdevEcc384Cert, CaliptraCommand.GetLdevEcc384Cert,
        CaliptraCommand.GetFmcAliasEcc384Cert, CaliptraCommand.GetRtAliasEcc384Cert,
    ];

    private readonly List<(byte Type, byte[] Value)> _blocks = [];
    private readonly List<uint> _imageIds = [];
    private byte[] _chain = [];
    private byte[] _manifestDigest = [];

    /// <summary>Whether slot 0 holds the chain (false until <see cref="LoadChainAsync"/> succeeded).</summary>
    public bool HasChain => _chain.Length > 0;

    /// <inheritdoc/>
    public byte ProvisionedSlotMask => HasChain ? (byte)1 : (byte)0;

    /// <inheritdoc/>
    public int MeasurementBlockCount => _blocks.Count;

    /// <summary>Reads the DICE chain from Caliptra into slot 0; false when Caliptra has none yet.</summary>
    public async ValueTask<bool> LoadChainAsync()
    {
        var certificates = new List<byte[]>();
        foreach (var command in ChainCommands)
        {
            if (!MailboxHeaders.TryWriteEmptyRequest(command, mailbox.MailboxRequest, out var n))
            {
                return false;
            }

            var length = await mailbox.ExecuteAsync(command, n);
            if (length < 0 || VariableDataResponse.TryRead(mailbox.MailboxResponse(length), out var data) != WireStatus.Done
                || data is null || data.Data.IsEmpty)
            {
                return false;
            }

            certificates.Add(data.Data.ToArray());
        }

        _chain = await SpdmCertificateChain.BuildAsync(certificates, crypto);
        return true;
    }

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> CertificateChain(int slot) => slot == 0 ? _chain : ReadOnlyMemory<byte>.Empty;

    /// <inheritdoc/>
    public async ValueTask SignAsync(int slot, ReadOnlyMemory<byte> message, Memory<byte> signature)
    {
        var request = new CmEcdsaSignRequest(CmEcdsaSignRequest.RtAliasKey, message);
        if (slot != 0 || !request.TryWrite(mailbox.MailboxRequest, out var n))
        {
            throw new CaliptraRefusedException(CaliptraCommand.CmEcdsaSign);
        }

        var length = await mailbox.ExecuteAsync(CaliptraCommand.CmEcdsaSign, n);
        if (length < 0 || CmEcdsaSignResponse.TryRead(mailbox.MailboxResponse(length), out var response) != WireStatus.Done
            || response is null || response.Signature.Length != signature.Length)
        {
            throw new CaliptraRefusedException(CaliptraCommand.CmEcdsaSign);
        }

        response.Signature.CopyTo(signature);
    }

    /// <inheritdoc/>
    public async ValueTask RefreshMeasurementsAsync()
    {
        if (!MailboxHeaders.TryWriteEmptyRequest(CaliptraCommand.FwInfo, mailbox.MailboxRequest, out var n))
        {
            throw new CaliptraRefusedException(CaliptraCommand.FwInfo);
        }

        var length = await mailbox.ExecuteAsync(CaliptraCommand.FwInfo, n);
        if (length < 0 || FwInfoResponse.TryRead(mailbox.MailboxResponse(length), out var info) != WireStatus.Done || info is null)
        {
            throw new CaliptraRefusedException(CaliptraCommand.FwInfo);
        }

        var pcrs = await QuotePcrsAsync();
        if (!info.AuthManifestDigest.Span.SequenceEqual(_manifestDigest))
        {
            await FindImagesAsync();
            _manifestDigest = info.AuthManifestDigest.ToArray();
        }

        _blocks.Clear();
        _blocks.Add((SpdmMeasurementLayout.DigestType, info.FmcDigest.ToArray()));
        _blocks.Add((SpdmMeasurementLayout.DigestType, info.RuntimeDigest.ToArray()));
        _blocks.Add((SpdmMeasurementLayout.ManifestType, info.AuthManifestDigest.ToArray()));
        _blocks.Add((SpdmMeasurementLayout.SvnType, SpdmMeasurementLayout.SvnValue(info.FwSvn)));
        foreach (var pcr in SpdmMeasurementLayout.Pcrs)
        {
            _blocks.Add((SpdmMeasurementLayout.PcrType, pcrs.AsSpan(pcr * 48, 48).ToArray()));
        }

        foreach (var fwId in _imageIds)
        {
            _blocks.Add((SpdmMeasurementLayout.DigestType, await ImageDigestAsync(fwId) ?? new byte[48]));
        }
    }

    /// <inheritdoc/>
    public int WriteMeasurementBlock(int index, Span<byte> destination)
    {
        if (index < 1 || index > _blocks.Count)
        {
            return 0;
        }

        var (type, value) = _blocks[index - 1];
        var writer = new WireWriter(destination);
        new MeasurementBlock { Index = (byte)index, ValueType = type, Value = value }.TryWrite(ref writer);
        return writer.Overflowed ? 0 : writer.Position;
    }

    /// <inheritdoc/>
    public bool TryBuildCsr(ReadOnlySpan<byte> requesterInfo, Span<byte> destination, out int written)
    {
        written = 0;
        return false;
    }

    /// <inheritdoc/>
    public bool TrySetCertificate(int slot, ReadOnlySpan<byte> chain) => false;

    /// <inheritdoc/>
    public ValueTask<int> HandleVendorDefinedAsync(ushort standardId, ReadOnlyMemory<byte> vendorId, ReadOnlyMemory<byte> payload, Memory<byte> responsePayload) =>
        ValueTask.FromResult(-1);

    private async ValueTask<byte[]> QuotePcrsAsync()
    {
        var nonce = new byte[32];
        await crypto.RandomAsync(nonce);
        if (!new QuotePcrsRequest(nonce).TryWrite(mailbox.MailboxRequest, out var n))
        {
            throw new CaliptraRefusedException(CaliptraCommand.QuotePcrsEcc384);
        }

        var length = await mailbox.ExecuteAsync(CaliptraCommand.QuotePcrsEcc384, n);
        return length >= 0 && QuotePcrsResponse.TryRead(mailbox.MailboxResponse(length), out var quote) == WireStatus.Done && quote is not null
            ? quote.Pcrs.ToArray()
            : throw new CaliptraRefusedException(CaliptraCommand.QuotePcrsEcc384);
    }

    private async ValueTask FindImagesAsync()
    {
        _imageIds.Clear();
        for (uint fwId = 1; fwId <= SpdmMeasurementLayout.MaxImages; fwId++)
        {
            if (await ImageDigestAsync(fwId) is not null)
            {
                _imageIds.Add(fwId);
            }
        }
    }

    private async ValueTask<byte[]?> ImageDigestAsync(uint fwId)
    {
        if (!new GetImageInfoRequest(fwId).TryWrite(mailbox.MailboxRequest, out var n))
        {
            return null;
        }

        var length = await mailbox.ExecuteAsync(CaliptraCommand.GetImageInfo, n);
        return length >= 0 && GetImageInfoResponse.TryRead(mailbox.MailboxResponse(length), out var info) == WireStatus.Done && info is not null
            ? info.Digest.ToArray()
            : null;
    }
}
