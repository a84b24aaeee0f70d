using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

/// <summary>Export-ConnectDefinition and Import-ConnectDefinition as a team keeping its jobs in git uses
/// them: round trips byte for byte, plans, one-field edits, pruning, atomic failures, no secrets.</summary>
public sealed class DefinitionCmdletTests() : SessionTest("cj-definitions-")
{
    private const string Password = "Tr0ub4dor&3-secret";

    [Fact]
    public void A_store_with_one_of_everything_round_trips_through_another_store_byte_for_byte_without_its_secrets()
    {
        BuildStore();
        var first = Path.Combine(Folder, "first");
        Session.Run("Export-ConnectDefinition -Path $p", ("p", first)).ShouldSucceed();
        Assert.Equal(
            ["connections/Mail.json", "connections/Partner.json", "feeds/ClickFeed.json", "filters/Dutch.json", "groups/Nightly.json", "jobs/Customers.json", "jobs/DailyExport.json",
             "jobs/Orders.json", "jobs/Uploads.json", "lists/Contacts.json", "tables/Products.json", "tables/Visits.json"],
            Files(first).Keys);
        foreach (var (file, text) in Files(first))
        {
            Assert.DoesNotContain(Password, text);
            Assert.DoesNotContain("\r", text);
        }

        Assert.Contains("Set-ConnectConnection -Name 'Partner' -Credential", Files(first)["connections/Partner.json"]);

        // A job on the store's own folders names them by the store, not by this store's path.
        Assert.Contains("\"SourceDirectory\": \"{store}/files/upload\"", Files(first)["jobs/Uploads.json"]);
        Assert.DoesNotContain(Session.StoreFolder, string.Concat(Files(first).Values));

        // Exporting again changes nothing; a plan against the same store is empty.
        Session.Run("Export-ConnectDefinition -Path $p", ("p", first)).ShouldSucceed();
        Assert.Empty(Session.Run("Import-ConnectDefinition -Path $p -WhatIf", ("p", first)).ShouldSucceed().Output);

        // Into an empty store, and out again: the same files, byte for byte.
        var other = Paths.NewTempFolder();
        var second = Path.Combine(Folder, "second");
        var applied = Session.Run("Open-ConnectStore -Path $s; Import-ConnectDefinition -Path $p", ("s", other), ("p", first)).ShouldSucceed();
        Assert.Equal(12, applied.Output.Count);
        Assert.All(applied.Output, c => Assert.Equal("Create", c.Properties["Action"].Value.ToString()));
        Assert.Contains(applied.Warnings, w => w.Contains("Set-ConnectConnection -Name 'Partner' -Credential"));
        Session.Run("Export-ConnectDefinition -Path $p", ("p", second)).ShouldSucceed();
        Assert.Equal(Files(first), Files(second));
        Assert.Equal("Contacts", Session.Run("(Get-ConnectJob Customers).Settings.TargetList").ShouldSucceed().Output.Single().ToString());
        Assert.Equal("Daily", Session.Run("(Get-ConnectGroup Nightly).Schedule.Kind").ShouldSucceed().Output.Single().ToString());
        Assert.Equal([Path.Combine(other, "files", "upload"), Path.Combine(other, "files", "archive")],
            Session.Run("$s = (Get-ConnectJob Uploads).Settings; $s.SourceDirectory; $s.ArchiveFolder").ShouldSucceed().Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_one_field_edit_plans_as_one_change_of_that_field_and_applying_it_keeps_the_connection_secret()
    {
        BuildStore();
        var folder = Export();
        var job = Path.Combine(folder, "jobs", "Customers.json");
        Edit(job, "\"customers_*.csv\"", "\"clients_*.csv\"");
        var connection = Path.Combine(folder, "connections", "Partner.json");
        Edit(connection, "\"sftp.example.com\"", "\"sftp2.example.com\"");

        var plan = Session.Run("Import-ConnectDefinition -Path $p -WhatIf", ("p", folder)).ShouldSucceed().Output;
        Assert.Equal(2, plan.Count);
        Assert.Equal("Change Connection Partner Host", Describe(plan[0]));
        Assert.Equal("Change Job Customers Settings.FilePattern", Describe(plan[1]));
        var change = PSObject.AsPSObject(Assert.Single(((System.Collections.IEnumerable)plan[1].Properties["Fields"].Value).Cast<object>()));
        Assert.Equal(("\"customers_*.csv\"", "\"clients_*.csv\""), (change.Properties["OldValue"].Value, change.Properties["NewValue"].Value));
        Assert.Equal("customers_*.csv", Session.Run("(Get-ConnectJob Customers).Settings.FilePattern").ShouldSucceed().Output.Single().ToString());

        Session.Run("Import-ConnectDefinition -Path $p", ("p", folder)).ShouldSucceed();
        Assert.Equal("clients_*.csv", Session.Run("(Get-ConnectJob Customers).Settings.FilePattern").ShouldSucceed().Output.Single().ToString());
        Assert.Equal("True sftp2.example.com", Session.Run("$c = Get-ConnectConnection Partner; \"$($c.HasSecret) $($c.Host)\"").ShouldSucceed().Output.Single().ToString());
        Assert.Empty(Session.Run("Import-ConnectDefinition -Path $p -WhatIf", ("p", folder)).ShouldSucceed().Output);
    }

    [Fact]
    public void Prune_with_WhatIf_lists_the_removals_and_keeps_them_and_without_it_removes_them()
    {
        BuildStore();
        var folder = Export();
        File.Delete(Path.Combine(folder, "jobs", "DailyExport.json"));
        File.Delete(Path.Combine(folder, "filters", "Dutch.json"));

        Assert.Empty(Session.Run("Import-ConnectDefinition -Path $p -WhatIf", ("p", folder)).ShouldSucceed().Output);
        var plan = Session.Run("Import-ConnectDefinition -Path $p -Prune -WhatIf", ("p", folder)).ShouldSucceed().Output;
        Assert.Equal(["Remove Filter Dutch ", "Remove Job DailyExport "], plan.Select(Describe));
        Session.Run("Get-ConnectJob DailyExport; Get-ConnectFilter Dutch").ShouldSucceed();

        Session.Run("Import-ConnectDefinition -Path $p -Prune -Confirm:$false", ("p", folder)).ShouldSucceed();
        Session.Run("Get-ConnectJob DailyExport").ShouldFailWith("JobNotFound", ErrorCategory.ObjectNotFound);
        Session.Run("Get-ConnectFilter Dutch").ShouldFailWith("FilterNotFound", ErrorCategory.ObjectNotFound);
        Assert.Empty(Session.Run("Import-ConnectDefinition -Path $p -Prune -WhatIf", ("p", folder)).ShouldSucceed().Output);
    }

    [Fact]
    public void A_broken_file_stops_the_whole_apply_with_its_file_and_line_and_nothing_changes()
    {
        var folder = Path.Combine(Folder, "defs");
        Directory.CreateDirectory(Path.Combine(folder, "lists"));
        Directory.CreateDirectory(Path.Combine(folder, "jobs"));
        Directory.CreateDirectory(Path.Combine(folder, "filters"));
        // Written as Notepad writes it, with a byte order mark.
        File.WriteAllText(Path.Combine(folder, "lists", "Members.json"), "{\n  \"Name\": \"Members\",\n  \"Columns\": [ \"CITY:Text(60)\" ]\n}\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        var job = Path.Combine(folder, "jobs", "Load.json");
        File.WriteAllText(job, "{\n  \"Name\": \"Load\",\n  \"Kind\": \"Import\",\n  \"Settings\": {\n    \"SourceDirectory\": \"/in\",\n    \"FilePattern\": \"m_*.csv\",\n    \"TargetList\": \"Memebers\"\n  }\n}\n");

        // A name no definition has: found before anything is written.
        var unknown = Session.Run("Import-ConnectDefinition -Path $p", ("p", folder)).ShouldFailWith("InvalidDefinition", ErrorCategory.InvalidData);
        Assert.Contains($"{job}, line 7:", unknown.Exception.Message);
        Assert.Contains("Memebers", unknown.Exception.Message);

        // A misspelt field, and a file that is not JSON.
        Edit(job, "Memebers", "Members");
        Edit(job, "\"FilePattern\"", "\"FilePatern\"");
        Assert.Contains($"{job}, line 6:", Session.Run("Import-ConnectDefinition -Path $p", ("p", folder)).ShouldFailWith("InvalidDefinition", ErrorCategory.InvalidData).Exception.Message);
        Edit(job, "\"FilePatern\"", "\"FilePattern\"");
        Edit(job, "\"/in\",", "\"/in\"");
        Assert.Contains($"{job}, line 6:", Session.Run("Import-ConnectDefinition -Path $p", ("p", folder)).ShouldFailWith("InvalidDefinition", ErrorCategory.InvalidData).Exception.Message);
        Edit(job, "\"/in\"", "\"/in\",");

        // A column rule, and a schedule rule: each with its line.
        var members = Path.Combine(folder, "lists", "Members.json");
        Edit(members, "Text(60)", "Text(5000)");
        var column = Session.Run("Import-ConnectDefinition -Path $p", ("p", folder)).ShouldFailWith("InvalidDefinition", ErrorCategory.InvalidData);
        Assert.Contains($"{members}, line 3:", column.Exception.Message);
        Assert.Contains("CITY", column.Exception.Message);
        Edit(members, "Text(5000)", "Text(60)");
        Edit(job, "  \"Settings\"", "  \"Schedule\": { \"Kind\": \"Hourly\", \"EveryHours\": 5, \"TimeZone\": \"UTC\" },\n  \"Settings\"");
        var schedule = Session.Run("Import-ConnectDefinition -Path $p", ("p", folder)).ShouldFailWith("FrequencyNotAllowed", ErrorCategory.InvalidArgument);
        Assert.Contains($"{job}, line 4:", schedule.Exception.Message);
        Edit(job, "\"EveryHours\": 5", "\"EveryHours\": 6");

        // A rule only the store checks, found after the list was made: the list is rolled back too.
        var filter = Path.Combine(folder, "filters", "Oslo.json");
        File.WriteAllText(filter, "{\n  \"Name\": \"Oslo\",\n  \"List\": \"Members\",\n  \"Expression\": {\n    \"node\": \"compare\",\n    \"Column\": \"TOWN\",\n    \"Operator\": \"Eq\",\n    \"Value\": { \"Kind\": \"Text\", \"Text\": \"Oslo\" }\n  }\n}\n");
        var late = Session.Run("Import-ConnectDefinition -Path $p", ("p", folder)).ShouldFailWith("FilterColumnNotFound", ErrorCategory.InvalidArgument);
        Assert.Contains($"{filter}, line 6:", late.Exception.Message);
        Session.Run("Get-ConnectList Members").ShouldFailWith("ListNotFound", ErrorCategory.ObjectNotFound);
        Session.Run("Get-ConnectJob Load").ShouldFailWith("JobNotFound", ErrorCategory.ObjectNotFound);

        Edit(filter, "TOWN", "CITY");
        Assert.Equal(3, Session.Run("Import-ConnectDefinition -Path $p", ("p", folder)).ShouldSucceed().Output.Count);
        Assert.Equal("Members Hourly", Session.Run("$j = Get-ConnectJob Load; \"$($j.Settings.TargetList) $($j.Schedule.Kind)\"").ShouldSucceed().Output.Single().ToString());
    }

    [Fact]
    public void What_cannot_change_in_place_is_refused_with_the_reason_and_columns_can_be_added()
    {
        Session.Run("New-ConnectList Contacts -Column CITY, 'POINTS:Number'; Add-ConnectRecord Contacts -InputObject @{ EMAIL_ADDRESS_ = 'ann@example.com'; POINTS = 3 }").ShouldSucceed();
        var folder = Export();
        var list = Path.Combine(folder, "lists", "Contacts.json");
        var text = File.ReadAllText(list);

        File.WriteAllText(list, text.Replace("\"POINTS:Number\"", "\"POINTS:Text(10)\""));
        var typed = Session.Run("Import-ConnectDefinition -Path $p -WhatIf", ("p", folder)).ShouldFailWith("DefinitionNotApplicable", ErrorCategory.InvalidOperation);
        Assert.Contains("POINTS", typed.Exception.Message);
        Assert.Contains("cannot change from POINTS:Number to POINTS:Text(10)", typed.Exception.Message);

        File.WriteAllText(list, text.Replace(",\n    \"POINTS:Number\"", ""));
        Assert.Contains("cannot be removed", Session.Run("Import-ConnectDefinition -Path $p", ("p", folder)).ShouldFailWith("DefinitionNotApplicable", ErrorCategory.InvalidOperation).Exception.Message);

        File.WriteAllText(list, text.Replace("\"POINTS:Number\"", "\"POINTS:Number\",\n    \"TIER:Text(5)\""));
        var added = Session.Run("Import-ConnectDefinition -Path $p", ("p", folder)).ShouldSucceed().Output.Single();
        Assert.Equal("Change List Contacts Columns", Describe(added));
        Assert.Contains("TIER", Session.Run("(Get-ConnectList Contacts).Columns.Name").ShouldSucceed().Output.Select(o => o.ToString()));
        Assert.Equal("3", Session.Run("(Get-ConnectRecord Contacts).POINTS").ShouldSucceed().Output.Single().ToString());
    }

    [Fact]
    public void A_job_moves_from_one_group_to_another_in_one_apply()
    {
        Session.Run("New-ConnectList Contacts; " + string.Concat(new[] { "A", "B", "C", "D", "E" }.Select(j => $"New-ConnectJob {j} -List Contacts -SourceDirectory '{Folder}' -FilePattern '{j}_*.csv'; ")) +
            "New-ConnectGroup Zulu -Job A, B, C; New-ConnectGroup Alpha -Job D, E").ShouldSucceed();
        var folder = Export();

        // C leaves Zulu for Alpha: Alpha comes first by name, but Zulu must let C go first.
        var zulu = Path.Combine(folder, "groups", "Zulu.json");
        Edit(zulu, ",\n    \"C\"", "");
        var alpha = Path.Combine(folder, "groups", "Alpha.json");
        Edit(alpha, "\"E\"", "\"E\",\n    \"C\"");
        var plan = Session.Run("Import-ConnectDefinition -Path $p", ("p", folder)).ShouldSucceed().Output;
        Assert.Equal(["Change Group Zulu Jobs", "Change Group Alpha Jobs"], plan.Select(Describe));
        Assert.Equal(["D E C", "A B"], Session.Run("(Get-ConnectGroup Alpha).Jobs -join ' '; (Get-ConnectGroup Zulu).Jobs -join ' '").ShouldSucceed().Output.Select(o => o.ToString()));
    }

    /// <summary>One of everything: SFTP and SMTP connections (with passwords), a list, a supplemental and
    /// an extension table, a filter, two import jobs in a scheduled group with a notification, an export
    /// job with a follow-up, an event feed on a schedule.</summary>
    private void BuildStore()
    {
        Session.Run(
            $"$credential = [pscredential]::new('loader', [System.Net.NetworkCredential]::new('', '{Password}').SecurePassword); " +
            "New-ConnectConnection Partner sftp.example.com -Credential $credential -BaseDirectory /outbox; " +
            "New-ConnectConnection Mail smtp.example.com -Protocol Smtp -Port 587 -Credential $credential; " +
            "New-ConnectList Contacts -Column FIRST_NAME, 'POINTS:Number', COUNTRY -Description 'Everyone who opted in'; " +
            "New-ConnectTable Products -Type Supplemental -Column SKU, 'QTY:Number' -PrimaryKey SKU; " +
            "New-ConnectTable Visits -Type Extension -List Contacts -Column LAST_VISIT:Timestamp; " +
            "New-ConnectFilter Dutch -List Contacts -Filter { $_.COUNTRY -eq 'NL' -and $_.POINTS -gt 10 }; " +
            "New-ConnectJob Customers -List Contacts -Connection Partner -SourceDirectory in -FilePattern 'customers_*.csv' -MatchColumn EMAIL_ADDRESS_; " +
            "New-ConnectJob Orders -Table Products -Connection Partner -SourceDirectory in -FilePattern 'orders_*.csv'; " +
            "New-ConnectGroup Nightly -Job Customers, Orders -Description 'Both feeds'; " +
            "Set-ConnectGroup Nightly -Schedule (New-ConnectSchedule -Daily -At 02:00 -TimeZone UTC) -NotifyOn Always -NotifyEmail ops@example.com -MailConnection Mail; " +
            $"New-ConnectJob DailyExport -Source Contacts -FilterName Dutch -TargetDirectory '{Folder}' -FileName 'dutch_{{yyyyMMdd}}.csv' -Column EMAIL_ADDRESS_, POINTS -Compression GZip -OnSuccessRun Nightly; " +
            "New-ConnectJob ClickFeed -EventType Clicked, Opened -AccountId 42 -Connection Partner -TargetDirectory feeds -FileName '{account}_{type}.txt'; " +
            "Set-ConnectJob ClickFeed -Schedule (New-ConnectSchedule -EveryHours 4 -TimeZone Europe/Amsterdam); " +
            "New-ConnectJob Uploads -List Contacts -FilePattern 'u_*.csv'").ShouldSucceed();
    }

    /// <summary>The store's definitions exported into a folder of the test's.</summary>
    private string Export()
    {
        var folder = Path.Combine(Folder, "defs");
        Session.Run("Export-ConnectDefinition -Path $p", ("p", folder)).ShouldSucceed();
        return folder;
    }

    /// <summary>Replaces text in a definition file, as a user edits it (the text must be there).</summary>
    private static void Edit(string file, string from, string to)
    {
        var text = File.ReadAllText(file);
        Assert.Contains(from, text);
        File.WriteAllText(file, text.Replace(from, to));
    }

    private static string Describe(PSObject change) =>
        $"{change.Properties["Action"].Value} {change.Properties["Kind"].Value} {change.Properties["Name"].Value} {change.Properties["FieldNames"].Value}";

    private static SortedDictionary<string, string> Files(string folder) =>
        new(Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText), StringComparer.Ordinal);
}
