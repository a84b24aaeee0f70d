@{
    # The build stamps ModuleVersion from Directory.Build.props (VersionPrefix) into out/ConnectJobs.
    RootModule           = 'ConnectJobs.dll'
    ModuleVersion        = '0.0.0'
    GUID                 = '6f0c4d1e-7a43-4b8e-9a51-2f3c8e5d9b17'
    Author               = 'ConnectJobs contributors'
    CompanyName          = 'ConnectJobs'
    Copyright            = '(c) ConnectJobs contributors'
    Description          = 'Scheduled data import and export jobs for marketing data: CSV files from SFTP, FTP/FTPS or folders merged into profile lists and tables, exports to files, event feeds, schedules and run history, kept in an embedded SQLite store.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('ConnectJobs.format.ps1xml')
    TypesToProcess       = @('ConnectJobs.types.ps1xml')

    # Listed one by one: a wildcard would export whatever a build happened to contain.
    CmdletsToExport      = @(
        'Add-ConnectColumn'
        'Add-ConnectEvent'
        'Add-ConnectRecord'
        'Copy-ConnectJob'
        'Copy-ConnectStore'
        'Disable-ConnectJob'
        'Enable-ConnectJob'
        'Export-ConnectDefinition'
        'Export-ConnectEventFeed'
        'Export-ConnectRecord'
        'Get-ConnectConnection'
        'Get-ConnectEvent'
        'Get-ConnectFilter'
        'Get-ConnectGroup'
        'Get-ConnectJob'
        'Get-ConnectJobLog'
        'Get-ConnectJobRun'
        'Get-ConnectList'
        'Get-ConnectRecord'
        'Get-ConnectSchedulerEntry'
        'Get-ConnectStore'
        'Get-ConnectTable'
        'Get-ConnectTransfer'
        'Import-ConnectDefinition'
        'Import-ConnectEvent'
        'Import-ConnectRecord'
        'Invoke-ConnectGroup'
        'Invoke-ConnectJob'
        'New-ConnectConnection'
        'New-ConnectFilter'
        'New-ConnectGroup'
        'New-ConnectJob'
        'New-ConnectList'
        'New-ConnectSchedule'
        'New-ConnectSshKey'
        'New-ConnectTable'
        'Open-ConnectStore'
        'Remove-ConnectConnection'
        'Remove-ConnectEvent'
        'Remove-ConnectFilter'
        'Remove-ConnectGroup'
        'Remove-ConnectJob'
        'Remove-ConnectList'
        'Remove-ConnectTable'
        'Set-ConnectConnection'
        'Set-ConnectFilter'
        'Set-ConnectGroup'
        'Set-ConnectJob'
        'Set-ConnectList'
        'Set-ConnectStore'
        'Stop-ConnectGroup'
        'Stop-ConnectJob'
        'Test-ConnectConnection'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @('Export-EventFeed')
    VariablesToExport    = @()

    PrivateData          = @{
        PSData = @{
            Tags       = @('Responsys', 'Connect', 'ETL', 'CSV', 'SFTP', 'FTPS', 'Import', 'Export', 'Marketing', 'Linux', 'Windows', 'MacOS')
        }
    }
}
