using Rampart.Chip.Boot;

namespace Rampart.EndToEnd.Tests;

/// <summary>One default boot shared by the tests that only look at its result.</summary>
public sealed class BootFixture
{
    public BootFixture()
    {
        Run = new BootRun(new BootOptions());
        Result = Run.Run();
    }

    public BootRun Run { get; }

    public BootResult Result { get; }
}

[CollectionDefinition("default boot")]
public sealed class DefaultBootCollection : ICollectionFixture<BootFixture>;
