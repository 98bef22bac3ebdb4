namespace EcsNic.Module.Tests;

internal static class Placeholder
{
}
