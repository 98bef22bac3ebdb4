using System;
using System.IO;
using System.Runtime.InteropServices;
using EcsNic.Loader;
using Xunit;

namespace EcsNic.Module.Tests;

/// <summary>
/// Which EcsNic.Core.dll EcsNic.Loader makes a runtime load: the ReadyToRun net10.0 copy in coreclr/ only on .NET 10+
/// on linux-x64, and the netstandard2.0 one beside EcsNic.dll (null: nothing is loaded ahead) everywhere else.
/// </summary>
public sealed class CoreCopyChoiceTests
{
    private static readonly string ModuleDirectory = Path.Combine(Path.GetTempPath(), "EcsNic");

    private static readonly string CoreClrCopy = Path.Combine(ModuleDirectory, "coreclr", "EcsNic.Core.dll");

    [Theory]
    [InlineData(true, "4.0.30319.42000", true, Architecture.X64)] // Windows PowerShell 5.1 (Environment.Version on .NET Framework 4.8)
    [InlineData(true, "4.0.30319.42000", false, Architecture.X86)]
    [InlineData(true, "10.0.0", true, Architecture.X64)] // whatever version a Framework host reported
    [InlineData(false, "8.0.22", true, Architecture.X64)] // pwsh 7.4: a net10.0 assembly cannot load on .NET 8
    [InlineData(false, "9.0.11", true, Architecture.X64)] // pwsh 7.5
    [InlineData(false, "10.0.12", false, Architecture.X64)] // pwsh 7.6 on Windows or macOS: the image is linux-x64 code
    [InlineData(false, "10.0.12", true, Architecture.Arm64)]
    public void Everywhere_but_dotnet_10_on_linux_x64_the_netstandard2_0_copy_loads(bool isNetFramework, string version, bool isLinux,
        Architecture architecture)
    {
        Assert.Null(CoreCopyChoice.PathFor(isNetFramework, Version.Parse(version), isLinux, architecture, ModuleDirectory, _ => true));
    }

    [Theory]
    [InlineData("10.0.12")]
    [InlineData("11.0.0")]
    public void Dotnet_10_or_later_on_linux_x64_loads_the_ReadyToRun_copy(string version)
    {
        Assert.Equal(CoreClrCopy,
            CoreCopyChoice.PathFor(false, Version.Parse(version), true, Architecture.X64, ModuleDirectory, path => path == CoreClrCopy));
    }

    [Fact]
    public void Without_the_coreclr_folder_the_netstandard2_0_copy_loads()
    {
        Assert.Null(CoreCopyChoice.PathFor(false, new Version(10, 0, 12), true, Architecture.X64, ModuleDirectory, _ => false));
        Assert.Null(CoreCopyChoice.PathFor(false, new Version(10, 0, 12), true, Architecture.X64, string.Empty, _ => true));
    }
}
