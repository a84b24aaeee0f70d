#Requires -Version 7.4
<#
.SYNOPSIS
    Builds ConnectJobs into out/ConnectJobs (and the connectjobs-run host into out/host).
.DESCRIPTION
    A thin wrapper over the same dotnet commands that README.md gives, for people who have pwsh.
    -Package also makes out/packages/ConnectJobs.<version>.nupkg (for Publish-PSResource and
    Install-PSResource) and the self-contained runners out/runner/<rid>.tar.gz (.zip for Windows).
.EXAMPLE
    ./build.ps1 -Test
.EXAMPLE
    ./build.ps1 -Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Also run the whole test suite.
    [switch] $Test,

    # Also make the module package and the self-contained runners.
    [switch] $Package
)

$ErrorActionPreference = 'Stop'
dotnet build "$PSScriptRoot/ConnectJobs.sln" -c $Configuration
if ($LASTEXITCODE) { throw "dotnet build failed with exit code $LASTEXITCODE" }
if ($Test) {
    dotnet test "$PSScriptRoot/ConnectJobs.sln" -c $Configuration --no-build
    if ($LASTEXITCODE) { throw "dotnet test failed with exit code $LASTEXITCODE" }
}
if ($Package) {
    dotnet pack "$PSScriptRoot/src/ConnectJobs/ConnectJobs.csproj" -c $Configuration --no-build
    if ($LASTEXITCODE) { throw "dotnet pack failed with exit code $LASTEXITCODE" }
    dotnet build "$PSScriptRoot/src/ConnectJobs.Host/ConnectJobs.Host.csproj" -t:Runners -c $Configuration
    if ($LASTEXITCODE) { throw "the runner builds failed with exit code $LASTEXITCODE" }
    Get-ChildItem "$PSScriptRoot/out/packages/*.nupkg", "$PSScriptRoot/out/runner/*.tar.gz", "$PSScriptRoot/out/runner/*.zip"
}
Get-Item "$PSScriptRoot/out/ConnectJobs"
