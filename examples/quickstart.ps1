# ConnectJobs quick start: profile lists, tables and records in the embedded store, a CSV import,
# an import job that picks up a file from an inbound folder, records its run and archives the file,
# an export job that writes a filter's records to a gzipped file with a ready file, and events: a
# platform's event file ingested and an event feed in the Responsys layout.
# Run it with the host (no pwsh needed):  dotnet run --project src/ConnectJobs.Host -- examples/quickstart.ps1
# or from pwsh 7.4+:                      Import-Module ./out/ConnectJobs; ./examples/quickstart.ps1
# It uses the default store ($env:CONNECTJOBS_STORE, else the per-user folder) and can be run again:
# it starts by removing what an earlier run made.

# Out-Default after each listing: one script's output is one stream, and PowerShell would format
# everything after the first object like it.
'Where the data lives:'
Get-ConnectStore | Out-Default

Get-ConnectJob -Name 'QuickStart*' | Remove-ConnectJob -Confirm:$false
Get-ConnectFilter -Name 'QuickStart*' | Remove-ConnectFilter -Confirm:$false
Get-ConnectList -Name 'QuickStart*' | Remove-ConnectList -Confirm:$false
Get-ConnectTable -Name 'QuickStart*' | Remove-ConnectTable -Confirm:$false

# A profile list with Responsys' system columns plus two of our own, and an extension table for it.
New-ConnectList -Name QuickStartContacts -Column 'FIRST_NAME:Text(50)', 'LOYALTY_POINTS:Number' -Description 'Quick start contacts'
New-ConnectTable -Name QuickStartPreferences -Type Extension -List QuickStartContacts -Column 'NEWSLETTER:Text(20)'
New-ConnectTable -Name QuickStartBlocklist -Type Suppression

# Records from hashtables (an import job will merge files into lists; this adds by hand).
@(
    @{ EMAIL_ADDRESS_ = 'ann@example.com';  FIRST_NAME = 'Ann';  COUNTRY_ = 'NL'; LOYALTY_POINTS = 120; EMAIL_PERMISSION_STATUS_ = 'I' }
    @{ EMAIL_ADDRESS_ = 'bob@example.com';  FIRST_NAME = 'Bob';  COUNTRY_ = 'BE'; LOYALTY_POINTS = 40;  EMAIL_PERMISSION_STATUS_ = 'O' }
    @{ EMAIL_ADDRESS_ = 'cleo@example.com'; FIRST_NAME = 'Cléo'; COUNTRY_ = 'NL'; LOYALTY_POINTS = 310; EMAIL_PERMISSION_STATUS_ = 'I' }
) | Add-ConnectRecord -List QuickStartContacts
Add-ConnectRecord -Table QuickStartPreferences -InputObject @{ RIID_ = 1; NEWSLETTER = 'weekly' }
Add-ConnectRecord -Table QuickStartBlocklist -InputObject @{ EMAIL_DOMAIN_ = 'spamtrap.example'; REASON_ = 'trap' }

'Lists and tables:'
Get-ConnectList -Name QuickStart* | Out-Default
Get-ConnectTable -Name QuickStart* | Out-Default
(Get-ConnectList QuickStartContacts).Columns | Where-Object { -not $_.IsSystem } | Out-Default

'Opted-in Dutch contacts with 100 points or more:'
Get-ConnectRecord -List QuickStartContacts |
    Where-Object { $_.COUNTRY_ -eq 'NL' -and $_.EMAIL_PERMISSION_STATUS_ -eq 'I' -and $_.LOYALTY_POINTS -ge 100 } |
    ForEach-Object { '{0,-4} {1,-18} {2,5} points' -f $_.RIID_, $_.EMAIL_ADDRESS_, $_.LOYALTY_POINTS }

'Import a CSV file (examples/contacts.csv): ann is updated, dora and eli are inserted, three rows are rejected:'
$import = Import-ConnectRecord -Path "$PSScriptRoot/contacts.csv" -List QuickStartContacts -WarningAction SilentlyContinue
$import | Out-Default
'Rejected rows (all of them are in the reject file):'
$import.FirstRejects | Out-Default
"Reject file: $($import.RejectFile)"

'A bad record is refused with the record number and column, and nothing is added:'
@{ EMAIL_ADDRESS_ = 'dan@example.com'; LOYALTY_POINTS = 'many' } | Add-ConnectRecord -List QuickStartContacts -ErrorAction Continue
"QuickStartContacts still holds $((Get-ConnectList QuickStartContacts).RecordCount) records."

# An import job: files named contacts_<today>*.csv arriving in an inbound folder, with a count file.
$inbox = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'connectjobs-quickstart-inbox')
$null = [System.IO.Directory]::CreateDirectory($inbox)
$today = [datetime]::Now.ToString('yyyyMMdd')
[System.IO.File]::WriteAllText([System.IO.Path]::Combine($inbox, "contacts_$today.csv"), "EMAIL_ADDRESS_,FIRST_NAME,LOYALTY_POINTS`nann@example.com,Ann,200`nivy@example.com,Ivy,10`n")
[System.IO.File]::WriteAllText([System.IO.Path]::Combine($inbox, "contacts_$today.cnt"), "2")
New-ConnectJob -Name QuickStartNightly -List QuickStartContacts -SourceDirectory $inbox -FilePattern 'contacts_{yyyyMMdd}*.csv' -CountFile '{name}.cnt'
'The job:'
Get-ConnectJob QuickStartNightly | Out-Default
'What a run would do (-WhatIf commits nothing):'
Invoke-ConnectJob QuickStartNightly -WhatIf | Out-Default
'The run:'
Invoke-ConnectJob QuickStartNightly | Out-Default
'Its log:'
Get-ConnectJobLog QuickStartNightly | Out-Default
"The file is now in $([System.IO.Path]::Combine($inbox, 'archive'))."

# An export job: the opted-in Dutch contacts, gzipped, with a ready file holding the record count.
# The filter is a PowerShell condition that the store runs as SQL.
New-ConnectFilter -Name QuickStartDutchOptIns -List QuickStartContacts -Filter { $_.COUNTRY_ -eq 'NL' -and $_.EMAIL_PERMISSION_STATUS_ -eq 'I' }
'The records the filter selects:'
Get-ConnectRecord -List QuickStartContacts -FilterName QuickStartDutchOptIns |
    ForEach-Object { '{0,-4} {1,-18} {2}' -f $_.RIID_, $_.EMAIL_ADDRESS_, $_.FIRST_NAME }
$outbox = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'connectjobs-quickstart-outbox')
$null = [System.IO.Directory]::CreateDirectory($outbox)
New-ConnectJob -Name QuickStartDutchExport -Source QuickStartContacts -FilterName QuickStartDutchOptIns -TargetDirectory $outbox `
    -FileName 'dutch_{yyyyMMdd}.csv' -Column EMAIL_ADDRESS_, FIRST_NAME, LOYALTY_POINTS, MODIFIED_DATE_ -Incremental -Compression GZip -ReadyFile Count
'The export run:'
$export = Invoke-ConnectJob QuickStartDutchExport
$export | Out-Default
"It wrote $($export.RowsWritten) records to $($export.Files) ($($export.Bytes) bytes) and a ready file holding: $([System.IO.File]::ReadAllText([System.IO.Path]::Combine($outbox, 'QuickStartDutchExport.ready')).Trim())"
'Run again, the incremental export finds nothing new:'
"Second run: $((Invoke-ConnectJob QuickStartDutchExport).RowsWritten) records."

# Events: a sending platform's event file (its own column names, mapped; SEGMENT becomes a custom
# property), stored once however often it is imported, and an hourly-style event feed in the
# Responsys layout, one file per event type.
$events = [System.IO.Path]::Combine($PSScriptRoot, 'events.csv')
'The event file, ingested (the row with an unknown type is rejected, with its line and rule):'
$ingested = Import-ConnectEvent -LiteralPath $events -Map @{ EVENT_UUID = 'EventId'; EVENT_TYPE = 'Type'; EVENT_CAPTURED_DT = 'Captured'; OFFER_URL = 'Url' } -WarningAction SilentlyContinue
$ingested | Out-Default
$ingested.Rejects | ForEach-Object { "  line $($_.Line), column $($_.Column): $($_.Rule)" }
'The clicks and opens of campaign 8812:'
Get-ConnectEvent -Type Clicked, Opened -CampaignId 8812 | Out-Default
$feeds = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'connectjobs-quickstart-feeds')
$null = [System.IO.Directory]::CreateDirectory($feeds)
New-ConnectJob -Name QuickStartFeed -EventType Sent, Clicked -AccountId 1234 -CustomColumn SEGMENT -TargetDirectory $feeds -FileName '{account}_{type}.txt'
'The feed run:'
Invoke-ConnectJob QuickStartFeed | Out-Default
foreach ($file in '1234_SENT.txt', '1234_CLICK.txt') {
    "${file}:"
    [System.IO.File]::ReadAllLines([System.IO.Path]::Combine($feeds, $file)) | ForEach-Object { "  $_" }
}
"Run again, the feed finds nothing new: $((Invoke-ConnectJob QuickStartFeed).RowsWritten) events."

# The same store's opens and bounces for a Clang-style receiver: an activities file and a
# broadcasts file per run, in a folder per month, semicolon-delimited.
# The dated folders are made under the receiver's folder, which must exist.
$null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::Combine($feeds, 'clang'))
New-ConnectJob -Name QuickStartClang -EventType Opened, Bounced -Layout Clang -TargetDirectory ([System.IO.Path]::Combine($feeds, 'clang', '{yyyy}', '{MM}')) -Delimiter ';'
$clang = Invoke-ConnectJob QuickStartClang
"The Clang feed wrote $($clang.RowsWritten) rows:"
foreach ($file in $clang.Files) {
    "${file}:"
    [System.IO.File]::ReadAllLines($file) | ForEach-Object { "  $_" }
}

# Everything defined above, as files for git: a folder per kind, a file per object, no secrets.
# Applied back to the same store, the plan is empty; edited, it shows each changed field.
$definitions = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'connectjobs-quickstart-definitions')
Export-ConnectDefinition -Path $definitions
'The definitions written:'
[System.IO.Directory]::GetFiles($definitions, '*.json', 'AllDirectories') | ForEach-Object { '  ' + [System.IO.Path]::GetRelativePath($definitions, $_) }
"Changes if applied now: $(@(Import-ConnectDefinition -Path $definitions -WhatIf -WarningAction SilentlyContinue).Count)"
