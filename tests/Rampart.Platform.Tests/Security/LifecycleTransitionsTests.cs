using Rampart.Hal.Security;
using Rampart.Platform.Security;

namespace Rampart.Platform.Tests.Security;

public sealed class LifecycleTransitionsTests
{
    [Theory]
    [InlineData(LifecycleState.Raw, LifecycleState.TestUnlocked, null)]
    [InlineData(LifecycleState.TestUnlocked, LifecycleState.TestLocked, null)]
    [InlineData(LifecycleState.TestLocked, LifecycleState.TestUnlocked, LifecycleToken.TestUnlock)]
    [InlineData(LifecycleState.TestUnlocked, LifecycleState.Manufacturing, LifecycleToken.TestExit)]
    [InlineData(LifecycleState.TestLocked, LifecycleState.Manufacturing, LifecycleToken.TestExit)]
    [InlineData(LifecycleState.Manufacturing, LifecycleState.Production, LifecycleToken.Production)]
    [InlineData(LifecycleState.Production, LifecycleState.ProdEnd, LifecycleToken.Production)]
    [InlineData(LifecycleState.Production, LifecycleState.Rma, LifecycleToken.Rma)]
    [InlineData(LifecycleState.ProdEnd, LifecycleState.Scrap, null)]
    public void Legal_transitions_name_their_token(LifecycleState from, LifecycleState to, LifecycleToken? token)
    {
        Assert.True(LifecycleTransitions.IsLegal(from, to, out var required));
        Assert.Equal(token, required);
    }

    [Theory]
    [InlineData(LifecycleState.Raw, LifecycleState.Production)]
    [InlineData(LifecycleState.Raw, LifecycleState.Manufacturing)]
    [InlineData(LifecycleState.Production, LifecycleState.Manufacturing)]
    [InlineData(LifecycleState.ProdEnd, LifecycleState.Rma)]
    [InlineData(LifecycleState.Rma, LifecycleState.Production)]
    [InlineData(LifecycleState.Scrap, LifecycleState.Scrap)]
    [InlineData(LifecycleState.Manufacturing, LifecycleState.TestUnlocked)]
    [InlineData(LifecycleState.Production, LifecycleState.Production)]
    public void Illegal_transitions_are_not_in_the_table(LifecycleState from, LifecycleState to)
    {
        Assert.False(LifecycleTransitions.IsLegal(from, to, out _));
    }

    [Fact]
    public void Every_state_code_decodes_to_itself_and_others_are_invalid()
    {
        for (var code = 0; code < 256; code++)
        {
            var state = LifecycleTransitions.Decode((byte)code);
            var named = LifecycleTransitions.States.Contains((LifecycleState)code) && code != 0;
            Assert.Equal(named ? (LifecycleState)code : LifecycleState.Invalid, state);
        }
    }

    [Fact]
    public void State_codes_are_at_least_two_bits_apart_so_one_flip_never_names_another_state()
    {
        var codes = LifecycleTransitions.States.Select(s => (int)s).ToArray();
        foreach (var a in codes)
        {
            foreach (var b in codes.Where(b => b != a))
            {
                Assert.True(System.Numerics.BitOperations.PopCount((uint)(a ^ b)) >= 2, $"{a:x2} vs {b:x2}");
            }
        }
    }
}
