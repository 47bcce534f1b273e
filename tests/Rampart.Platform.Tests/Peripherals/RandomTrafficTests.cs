using CsCheck;
using Rampart.Platform.Peripherals;
using Rampart.Platform.Simulation;
using Rampart.Wire.Recovery;

namespace Rampart.Platform.Tests.Peripherals;

public sealed class RandomTrafficTests
{
    private static readonly uint[] Requesters = [0, 1, 2, 0x77, SocMailbox.CaliptraRequester];

    [Fact]
    public void Random_register_traffic_never_throws()
    {
        Gen.Select(Gen.Int[0, 3], Gen.UInt[0, 0x80], Gen.UInt, Gen.Int[0, 4], Gen.Bool).Array[1, 200].Sample(ops =>
        {
            using var sim = new Simulator(1);
            var bus = new I3cBus(sim);
            var block = new RecoveryRegisterBlock(bus);
            var mailbox = new SocMailbox(sim, [1, 2], capacityBytes: 256);
            var mci = new Mci(sim);
            var doe = new DoeMailbox(sim, maxObjectDwords: 8);
            foreach (var (device, offset, value, who, write) in ops)
            {
                var requester = Requesters[who];
                var aligned = offset & ~3u;
                switch (device)
                {
                    case 0 when write: block.WriteRegister(aligned, value); break;
                    case 0: block.ReadRegister(aligned); break;
                    case 1 when write: mailbox.Write(requester, aligned, value); break;
                    case 1: mailbox.Read(requester, aligned); break;
                    case 2 when write: mci.Write(requester, offset, value); break;
                    case 2: mci.Read(offset); break;
                    case 3 when write: doe.Write(aligned, value); break;
                    default: doe.Read(aligned); break;
                }
            }

            sim.RunUntil(sim.Now + 1_000_000);
        });
    }

    [Fact]
    public void Random_frames_to_the_recovery_target_never_throw_and_every_one_is_accounted_for()
    {
        Gen.Byte.Array[0, 300].Array[1, 30].Sample(frames =>
        {
            using var sim = new Simulator(1);
            var bus = new I3cBus(sim);
            var block = new RecoveryRegisterBlock(bus);
            II3cBusDevice target = block;
            var buffer = new byte[600];
            foreach (var frame in frames)
            {
                target.OnPrivateWrite(frame);
                target.OnPrivateRead(buffer);
            }

            var c = block.Counters;
            Assert.True(c.Accepted + c.CrcErrors + c.LengthErrors + c.UnsupportedCommands + c.UnsupportedParameters + c.FifoOverflows >= frames.Length);
        });
    }

    [Fact]
    public void Random_well_framed_commands_never_throw()
    {
        Gen.Select(Gen.Byte[0x20, 0x31], Gen.Byte.Array[0, 260]).Array[1, 40].Sample(commands =>
        {
            using var sim = new Simulator(1);
            var bus = new I3cBus(sim);
            var block = new RecoveryRegisterBlock(bus);
            II3cBusDevice target = block;
            var frame = new byte[300];
            var response = new byte[600];
            foreach (var (command, payload) in commands)
            {
                RecoveryFrame.TryWriteWrite(block.Address, command, payload, frame, out var n);
                target.OnPrivateWrite(frame.AsSpan(0, n));
                RecoveryFrame.TryWriteReadRequest(block.Address, command, frame, out n);
                target.OnPrivateWrite(frame.AsSpan(0, n));
                target.OnPrivateRead(response);
            }
        });
    }
}
