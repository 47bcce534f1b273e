using System.Reflection;
using System.Runtime.CompilerServices;
using Mono.Cecil.Cil;
using Rampart.Hal.CoreControl;
using Rampart.Platform.Loading;
using static Rampart.Platform.Tests.Loading.EmittedApps;

namespace Rampart.Platform.Tests.Loading;

public sealed class InstrumentationTests
{
    /// <summary>An app with <c>Spin()</c> (<c>while (true) {}</c>) and <c>Down(n)</c> (recursion n deep).</summary>
    private static byte[] RunawayApp() => Build(c =>
    {
        var spin = c.AddStatic("Spin", c.Types.Void);
        var il = spin.Body.GetILProcessor();
        var loop = il.Create(OpCodes.Nop);
        il.Append(loop);
        il.Emit(OpCodes.Br, loop);

        var down = c.AddStatic("Down", c.Types.Int32, c.Types.Int32);
        il = down.Body.GetILProcessor();
        var recurse = il.Create(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Brtrue, recurse);
        il.Emit(OpCodes.Ldc_I4_0);
        il.Emit(OpCodes.Ret);
        il.Append(recurse);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I4_1);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Call, down);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Ret);
        c.Il.Emit(OpCodes.Ret);
    });

    private static ILoadedApp Load(int maxDepth)
    {
        Assert.True(new AppCodeLoader().TryLoadApp(RunawayApp(), new AppLoadLimits(maxDepth, 1 << 20), out var app, out var refusal), refusal.ToString());
        return app!;
    }

    private static object? Call(ILoadedApp app, string method, params object[] args)
    {
        Assert.True(app.TryCreate<object>("Emitted.App", out var instance, out var refusal), refusal.ToString());
        return instance!.GetType().GetMethod(method)!.Invoke(null, BindingFlags.DoNotWrapExceptions, null, args, null);
    }

    [Fact]
    public void Instrumented_app_methods_are_compiled_without_optimization()
    {
        // Collectible code never tiers up, so without this every method would pay a full
        // optimizing JIT on every load (decision 0240, "JIT of collectible code").
        var app = Load(100);
        Assert.True(app.TryCreate<object>("Emitted.App", out var instance, out var refusal), refusal.ToString());
        var methods = instance!.GetType().GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly);

        Assert.NotEmpty(methods);
        Assert.All(methods, m => Assert.True(m.MethodImplementationFlags.HasFlag(MethodImplAttributes.NoOptimization), m.Name));
    }

    [Fact]
    public void A_spinning_loop_runs_out_of_fuel_with_a_catchable_fault()
    {
        var app = Load(100);
        app.Meter.Refuel(10_000);

        var fault = Assert.Throws<ExecutionBudgetExceededException>(() => Call(app, "Spin"));

        Assert.Equal(ExecutionBudget.Fuel, fault.Budget);
        Assert.Equal(ExecutionBudget.Fuel, app.Meter.Tripped);
        Assert.Equal(10_001, app.Meter.TotalTicks);
    }

    [Fact]
    public void A_million_deep_recursion_stops_at_the_depth_limit_and_unwinds_the_counter()
    {
        var app = Load(200);
        app.Meter.Refuel(1_000);

        var fault = Assert.Throws<ExecutionBudgetExceededException>(() => Call(app, "Down", 1_000_000));

        Assert.Equal(ExecutionBudget.Depth, fault.Budget);
        Assert.Equal(0, app.Meter.Depth);
    }

    [Fact]
    public void Recursion_within_the_limit_returns_normally()
    {
        var app = Load(200);
        app.Meter.Refuel(1_000);

        Assert.Equal(150, Call(app, "Down", 150));
        Assert.Equal(0, app.Meter.Depth);
        Assert.Equal(ExecutionBudget.None, app.Meter.Tripped);
    }

    [Fact]
    public void Each_app_has_its_own_meter()
    {
        var first = Load(100);
        var second = Load(100);
        first.Meter.Refuel(5);
        second.Meter.Refuel(1_000_000);

        Assert.Throws<ExecutionBudgetExceededException>(() => Call(first, "Spin"));
        Assert.Equal(ExecutionBudget.None, second.Meter.Tripped);
        Assert.Equal(1_000_000, second.Meter.Fuel);
    }

    [Fact]
    public void An_unloaded_app_context_is_collected()
    {
        var witness = LoadRunAndUnload();
        for (var i = 0; i < 40 && witness.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(witness.IsAlive);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadRunAndUnload()
    {
        var app = Load(100);
        app.Meter.Refuel(1_000);
        Assert.Equal(3, Call(app, "Down", 3));
        app.Unload();
        Assert.True(app.IsUnloaded);
        return app.ContextWitness;
    }
}
