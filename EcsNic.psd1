#
# Module manifest for EcsNic.
# ModuleVersion is replaced with <Version> from Directory.Build.props when the module is staged into out/EcsNic
# (dotnet build src/EcsNic). Keep the value here equal to it, so this file also imports as it is.
#
@{
    RootModule           = 'EcsNic.dll'
    # Imported before RootModule: on pwsh 7.6+ on linux-x64 it loads the ReadyToRun EcsNic.Core from coreclr/ first.
    NestedModules        = 'EcsNic.Loader.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Desktop', 'Core')
    GUID                 = 'f517b27c-fe12-448b-8346-d294fb09d9b7'
    Author               = 'EcsNic contributors'
    CompanyName          = 'EcsNic contributors'
    Copyright            = '(c) EcsNic contributors. MIT License.'
    Description          = 'Cmdlets for the network interfaces (NICs) and virtual IPs of Huawei Cloud Elastic Cloud Servers: bind and unbind virtual IPs in bulk, attach and detach NICs, and wait for the jobs. Runs in Windows PowerShell 5.1 and PowerShell 7.4+.'
    PowerShellVersion    = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess     = @('EcsNic.Format.ps1xml')
    # A plain comma list, not @(...): PowerShell evaluates @(...) in a manifest with its compiler, which added 2-3 ms to
    # every import (P7 and docs/performance.md). The list stays explicit, so that command discovery needs no load.
    CmdletsToExport      = 'Connect-EcsCloud',
                           'Disconnect-EcsCloud',
                           'Get-EcsContext',
                           'Get-EcsServerNic',
                           'Add-EcsServerNic',
                           'Remove-EcsServerNic',
                           'Set-EcsNicVirtualIp',
                           'Remove-EcsNicVirtualIp',
                           'Get-EcsNicVirtualIp',
                           'Get-EcsJob',
                           'Wait-EcsJob',
                           'New-EcsVpc',
                           'Get-EcsVpc',
                           'Remove-EcsVpc',
                           'New-EcsSubnet',
                           'Get-EcsSubnet',
                           'Remove-EcsSubnet',
                           'New-EcsNic',
                           'Get-EcsNic',
                           'Remove-EcsNic'
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('HuaweiCloud', 'Huawei', 'ECS', 'NIC', 'VirtualIP', 'VIP', 'Cloud', 'Network', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/ecsnic/EcsNic'
            LicenseUri   = 'https://github.com/ecsnic/EcsNic/blob/main/LICENSE'
            ReleaseNotes = 'https://github.com/ecsnic/EcsNic/releases'
        }
    }
}
