#Requires -Version 7.2
# The module as a whole: manifest, exported commands, format data, argument completion.

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.TestHelpers.psm1') -Force
    $manifestPath = Get-EcsNicModuleManifest
    $module = Import-Module -Name $manifestPath -Force -PassThru
}

Describe 'EcsNic module' {
    It 'has a valid manifest' {
        $manifest = Test-ModuleManifest -Path $manifestPath
        $manifest.Name | Should -Be 'EcsNic'
        $manifest.RootModule | Should -Be 'EcsNic.dll'
        $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
    }

    It 'exports exactly the nine cmdlets and nothing else' {
        $expected = 'Add-EcsServerNic', 'Connect-EcsCloud', 'Disconnect-EcsCloud', 'Get-EcsJob', 'Get-EcsServerNic',
            'Remove-EcsNicVirtualIp', 'Remove-EcsServerNic', 'Set-EcsNicVirtualIp', 'Wait-EcsJob'
        (Get-Command -Module EcsNic | Sort-Object -Property Name).Name | Should -Be $expected
        (Get-Command -Module EcsNic).CommandType | Sort-Object -Unique | Should -Be 'Cmdlet'
        $module.ExportedFunctions.Count | Should -Be 0
        $module.ExportedAliases.Count | Should -Be 0
        $module.ExportedVariables.Count | Should -Be 0
    }

    It 'loads the format views of every record it emits' {
        foreach ($type in 'EcsNic.Core.Models.ServerNic', 'EcsNic.Core.Models.VirtualIpBinding', 'EcsNic.Core.Models.EcsJob',
            'EcsNic.Core.Models.EcsSubJob', 'EcsNic.Core.Session.EcsConnectionInfo') {
            Get-FormatData -TypeName $type | Should -Not -BeNullOrEmpty -Because "$type needs views"
        }
    }

    It 'completes -Region with the known regions' {
        $line = 'Get-EcsServerNic -Region cn-nor'
        $completion = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'cn-north-4'
        $completion.CompletionMatches.CompletionText | Should -Not -Contain 'ap-southeast-1'
    }

    It 'has help-visible parameter sets for the pipeline cmdlets' {
        (Get-Command -Name Set-EcsNicVirtualIp).ParameterSets.Name | Should -Contain 'ById'
        (Get-Command -Name Set-EcsNicVirtualIp).ParameterSets.Name | Should -Contain 'InputObject'
        (Get-Command -Name Wait-EcsJob).DefaultParameterSet | Should -Be 'ById'
    }
}
