using Xunit;

namespace EcsNic.Module.Tests.TestSupport;

/// <summary>Shares one MetadataLoadContext over EcsNic.dll between the test classes.</summary>
[CollectionDefinition(Name)]
public sealed class ModuleCollection : ICollectionFixture<ModuleMetadata>
{
    public const string Name = "EcsNic module metadata";
}
