namespace EcsNic.Emulator.State;

/// <summary>What a job does when it finishes.</summary>
internal enum JobKind
{
    AddNics,
    DeleteNics,
}
