using System.Buffers.Binary;
using Rampart.Hal.Peripherals;

namespace Rampart.Platform.Peripherals;

/// <summary>The SoC side of <see cref="SocMailbox"/> for one requester id, through its registers.</summary>
internal sealed class MailboxRequesterPort(SocMailbox mailbox, uint requester) : IMailboxRequester
{
    public MailboxCommandStatus Status => (MailboxCommandStatus)(mailbox.Read(requester, SocMailbox.StatusOffset) & 0xF);

    public bool TryAcquire() => mailbox.Read(requester, SocMailbox.LockOffset) == 0;

    public bool TryExecute(uint command, ReadOnlySpan<byte> data)
    {
        if (!mailbox.Write(requester, SocMailbox.CommandOffset, command)
            || !mailbox.Write(requester, SocMailbox.DataLengthOffset, (uint)data.Length))
        {
            return false;
        }

        Span<byte> word = stackalloc byte[4];
        for (var i = 0; i < data.Length; i += 4)
        {
            word.Clear();
            data.Slice(i, Math.Min(4, data.Length - i)).CopyTo(word);
            if (!mailbox.Write(requester, SocMailbox.DataInOffset, BinaryPrimitives.ReadUInt32LittleEndian(word)))
            {
                return false;
            }
        }

        return mailbox.Write(requester, SocMailbox.ExecuteOffset, 1);
    }

    public int ReadResponse(Span<byte> destination)
    {
        var length = (int)Math.Min(mailbox.Read(requester, SocMailbox.DataLengthOffset), (uint)destination.Length);
        return MailboxCopy.ReadOut(mailbox, requester, destination[..length]);
    }

    public void Release() => mailbox.Write(requester, SocMailbox.ExecuteOffset, 0);

    public ValueTask WaitForStatus() => mailbox.ToSoc.WaitAsync();
}

/// <summary>The Caliptra side of <see cref="SocMailbox"/>, through its registers.</summary>
internal sealed class MailboxResponderPort(SocMailbox mailbox) : IMailboxResponder
{
    private const uint Caliptra = SocMailbox.CaliptraRequester;

    public bool TryPeekCommand(out uint command, out int dataLength)
    {
        if (mailbox.State != MailboxFsmState.ExecuteUc)
        {
            command = 0;
            dataLength = 0;
            return false;
        }

        command = mailbox.Read(Caliptra, SocMailbox.CommandOffset);
        dataLength = (int)mailbox.Read(Caliptra, SocMailbox.DataLengthOffset);
        return true;
    }

    public int ReadRequest(Span<byte> destination)
    {
        var length = (int)Math.Min(mailbox.Read(Caliptra, SocMailbox.DataLengthOffset), (uint)destination.Length);
        return MailboxCopy.ReadOut(mailbox, Caliptra, destination[..length]);
    }

    public bool TryRespond(ReadOnlySpan<byte> data)
    {
        if (!mailbox.Write(Caliptra, SocMailbox.DataLengthOffset, (uint)data.Length))
        {
            return false;
        }

        Span<byte> word = stackalloc byte[4];
        for (var i = 0; i < data.Length; i += 4)
        {
            word.Clear();
            data.Slice(i, Math.Min(4, data.Length - i)).CopyTo(word);
            if (!mailbox.Write(Caliptra, SocMailbox.DataInOffset, BinaryPrimitives.ReadUInt32LittleEndian(word)))
            {
                return false;
            }
        }

        return mailbox.Write(Caliptra, SocMailbox.StatusOffset, (uint)MailboxCommandStatus.DataReady);
    }

    public bool TryComplete(MailboxCommandStatus status) =>
        status is MailboxCommandStatus.Complete or MailboxCommandStatus.Failure
        && mailbox.Write(Caliptra, SocMailbox.StatusOffset, (uint)status);

    public ValueTask WaitForCommand() => mailbox.State == MailboxFsmState.ExecuteUc ? ValueTask.CompletedTask : mailbox.ToCaliptra.WaitAsync();
}

/// <summary>Reads DATAOUT dword by dword into a byte span.</summary>
internal static class MailboxCopy
{
    internal static int ReadOut(SocMailbox mailbox, uint requester, Span<byte> destination)
    {
        Span<byte> word = stackalloc byte[4];
        for (var i = 0; i < destination.Length; i += 4)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(word, mailbox.Read(requester, SocMailbox.DataOutOffset));
            word[..Math.Min(4, destination.Length - i)].CopyTo(destination[i..]);
        }

        return destination.Length;
    }
}
