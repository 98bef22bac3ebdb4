#Requires -Version 7.2
# The external help that the build compiles from docs/en-US into out/EcsNic/en-US: Get-Help -Full shows, for every
# cmdlet, the synopsis of its page, every parameter with a description, and the examples; about_EcsNic is found too.

BeforeDiscovery {
    $cmdletNames = @(
        'Add-EcsServerNic', 'Connect-EcsCloud', 'Disconnect-EcsCloud', 'Get-EcsJob', 'Get-EcsNicVirtualIp', 'Get-EcsServerNic',
        'Remove-EcsNicVirtualIp', 'Remove-EcsServerNic', 'Set-EcsNicVirtualIp', 'Wait-EcsJob'
    )
}

BeforeAll {
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'EcsNic.TestHelpers.psm1') -Force
    Import-Module -Name (Get-EcsNicModuleManifest) -Force
    $docsDir = [System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'docs', 'en-US')
    $commonParameters = @([System.Management.Automation.Cmdlet]::CommonParameters) +
        @([System.Management.Automation.Cmdlet]::OptionalCommonParameters)

    # The SYNOPSIS of a page, as one line (the MAML joins the lines of a paragraph with spaces).
    function Get-PageSynopsis {
        param([Parameter(Mandatory = $true)] [string] $Name)
        $lines = Get-Content -LiteralPath ([System.IO.Path]::Combine($docsDir, "$Name.md"))
        $start = [array]::IndexOf($lines, '## SYNOPSIS')
        $text = for ($i = $start + 1; $i -lt $lines.Count -and -not $lines[$i].StartsWith('## '); $i++) { $lines[$i].Trim() }
        # The help compiler drops inline markdown (code spans) from the text it writes.
        return (($text | Where-Object { $_ }) -join ' ') -replace '`', ''
    }

    # The text of a help description: an array of objects with a Text property.
    function Get-HelpText {
        param([AllowNull()] [object] $Description)
        return (@($Description) | Where-Object { $null -ne $_ } | ForEach-Object { $_.Text }) -join "`n"
    }
}

Describe 'Get-Help -Full for <_>' -ForEach $cmdletNames {
    BeforeAll {
        $name = $_
        $help = Get-Help -Name $name -Full
        $command = Get-Command -Name $name
        $expectedParameters = @($command.Parameters.Keys | Where-Object { $_ -notin $commonParameters } | Sort-Object)
    }

    It 'returns the synopsis of the help page, not the generated syntax' {
        $help.Name | Should -Be $name
        $help.Synopsis.Trim() | Should -Be (Get-PageSynopsis -Name $name)
        Get-HelpText $help.description | Should -Not -BeNullOrEmpty
    }

    It 'documents every parameter of the cmdlet and nothing else' {
        $documented = @($help.parameters.parameter | ForEach-Object { $_.name })
        foreach ($parameter in $expectedParameters) {
            $documented | Should -Contain $parameter
        }
        foreach ($parameter in $documented) {
            $command.Parameters.Keys | Should -Contain $parameter
        }
        foreach ($parameter in @($help.parameters.parameter)) {
            Get-HelpText $parameter.description | Should -Not -BeNullOrEmpty -Because "-$($parameter.name) needs a description"
        }
    }

    It 'gives each parameter its type, position and pipeline input' {
        foreach ($parameter in @($help.parameters.parameter | Where-Object { $_.name -in $expectedParameters })) {
            $metadata = $command.Parameters[$parameter.name]
            $parameter.type.name | Should -Be $metadata.ParameterType.FullName
            $byPipeline = @($metadata.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName })
            if ($byPipeline.Count -gt 0) {
                $parameter.pipelineInput | Should -BeLike 'True*'
            }
            else {
                $parameter.pipelineInput | Should -Be 'False'
            }
        }
    }

    It 'has at least three examples with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 3
        foreach ($example in $examples) {
            $example.title | Should -Match 'Example \d+: '
            $example.code | Should -Match ([regex]::Escape($name))
            Get-HelpText $example.remarks | Should -Not -BeNullOrEmpty
        }
    }

    It 'separates each example from the next by a blank line' {
        $lines = @((Get-Help -Name $name -Examples | Out-String -Width 200) -split "`r?`n")
        $titles = @(0..($lines.Count - 1) | Where-Object { $lines[$_] -match '^\s*-+ Example \d+: ' })
        $titles.Count | Should -BeGreaterOrEqual 3
        foreach ($index in $titles) {
            $lines[$index - 1].Trim() | Should -BeNullOrEmpty -Because "the line before '$($lines[$index].Trim())' should be blank"
        }
    }

    It 'links to the other pages and the online version' {
        $links = @($help.relatedLinks.navigationLink)
        ($links | Where-Object { $_.linkText -eq 'Online Version:' }).uri | Should -BeLike 'https://*'
        $links.linkText | Should -Contain 'about_EcsNic'
    }
}

Describe 'about_EcsNic' {
    It 'is found by Get-Help and starts with its short description' {
        $text = Get-Help -Name about_EcsNic | Out-String
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'Manages the NICs and virtual IPs of Huawei Cloud ECS servers'
        $text | Should -Match 'LONG DESCRIPTION'
    }
}
