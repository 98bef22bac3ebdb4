using System;
using System.Threading;
using System.Threading.Tasks;
using EcsNic.Core.Models;

namespace EcsNic.Core.Workflows;

/// <summary>How to wait for one kind of resource: its name, how to read it, when it is usable and how a user checks it.</summary>
/// <typeparam name="T">The record type.</typeparam>
public sealed class ResourceWait<T>
    where T : class
{
    /// <summary>Creates the description.</summary>
    public ResourceWait(string kind, string readyState, Func<T, string> idOf, Func<string, CancellationToken, Task<T>> poll,
        Func<T, EcsJob> readiness, Func<T, string> describe, Func<T, string> howToCheck)
    {
        Kind = kind ?? throw new ArgumentNullException(nameof(kind));
        ReadyState = readyState ?? throw new ArgumentNullException(nameof(readyState));
        IdOf = idOf ?? throw new ArgumentNullException(nameof(idOf));
        Poll = poll ?? throw new ArgumentNullException(nameof(poll));
        Readiness = readiness ?? throw new ArgumentNullException(nameof(readiness));
        Describe = describe ?? throw new ArgumentNullException(nameof(describe));
        HowToCheck = howToCheck ?? throw new ArgumentNullException(nameof(howToCheck));
    }

    /// <summary>"VPC", "subnet" or "NIC".</summary>
    public string Kind { get; }

    /// <summary>What usable reads as, such as ACTIVE.</summary>
    public string ReadyState { get; }

    /// <summary>The record's ID.</summary>
    public Func<T, string> IdOf { get; }

    /// <summary>One read with a single attempt (the waiter retries on its own schedule).</summary>
    public Func<string, CancellationToken, Task<T>> Poll { get; }

    /// <summary>The record's state as a job.</summary>
    public Func<T, EcsJob> Readiness { get; }

    /// <summary>The record's name and state, for the timeout message.</summary>
    public Func<T, string> Describe { get; }

    /// <summary>What to do to check the record, worded with <see cref="Text.UserWords"/>.</summary>
    public Func<T, string> HowToCheck { get; }
}
