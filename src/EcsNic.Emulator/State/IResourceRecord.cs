using System;

namespace EcsNic.Emulator.State;

/// <summary>What every VPC, subnet and port row has: an ID and a creation time, which together give the list order.</summary>
internal interface IResourceRecord
{
    string Id { get; }

    DateTimeOffset CreatedAt { get; }
}
