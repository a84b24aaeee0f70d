#Requires -Version 7.4
<#
.SYNOPSIS
    Builds ConnectJobs into out/ConnectJobs (and the connectjobs-run host into out/host).
.DESCRIPTION
    A thin wrapper over the same dotnet commands that README.md gives, for people who have pwsh.
.EXAMPLE
    ./build.ps1 -Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Also run the whole test suite.
    [switch] $Test
)

$ErrorActionPreference = 'Stop'
dotnet build "$PSScriptRoot/ConnectJobs.sln" -c $Configuration
if ($LASTEXITCODE) { throw "dotnet build failed with exit code $LASTEXITCODE" }
if ($Test) {
    dotnet test "$PSScriptRoot/ConnectJobs.sln" -c $Configuration --no-build
    if ($LASTEXITCODE) { throw "dotnet test failed with exit code $LASTEXITCODE" }
}
Get-Item "$PSScriptRoot/out/ConnectJobs"
