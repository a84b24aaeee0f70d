using System.Management.Automation;

namespace ConnectJobs.Module.Tests;

/// <summary>Mistakes in a job that can be seen when it is defined are refused then, with the job left as it was.</summary>
public sealed class JobDefinitionCmdletTests() : SessionTest("cj-define-")
{
    [Theory]
    [InlineData("-FilePattern 'c_*.csv' -Map @{ FIRST = 'NO_SUCH_COLUMN' }", "UnknownMappedColumn")]
    [InlineData("-FilePattern 'in/contacts_*.csv'", "InvalidFilePattern")]
    [InlineData("-FilePattern 'contacts_{%}.csv'", "InvalidFilePattern")]
    [InlineData("-FilePattern ' '", "InvalidFilePattern")]
    public void An_import_job_that_could_never_work_is_refused_when_defined_or_changed(string parameters, string errorId)
    {
        Session.Run("New-ConnectList Contacts -Column FIRST_NAME").ShouldSucceed();
        Session.Run($"New-ConnectJob Nightly -List Contacts -SourceDirectory '{Folder}' {parameters}").ShouldFailWith(errorId, ErrorCategory.InvalidArgument);
        Assert.Empty(Session.Run("Get-ConnectJob").ShouldSucceed().Output);

        Session.Run($"New-ConnectJob Nightly -List Contacts -SourceDirectory '{Folder}' -FilePattern 'c_*.csv'").ShouldSucceed();
        Session.Run($"Set-ConnectJob Nightly {parameters}").ShouldFailWith(errorId, ErrorCategory.InvalidArgument);
        Assert.Equal("c_*.csv", Session.Run("(Get-ConnectJob Nightly).Settings.FilePattern").ShouldSucceed().Output.Single().ToString());
    }

    [Fact]
    public void A_directory_on_a_connection_with_parent_or_backslash_names_is_refused_when_defined()
    {
        Session.Run($"New-ConnectList Contacts; New-ConnectConnection Share -Protocol Local -BaseDirectory '{Folder}'").ShouldSucceed();
        foreach (var directory in new[] { "../up", "in/../../up", "..\\\\up" })
        {
            Session.Run($"New-ConnectJob Pull -List Contacts -Connection Share -SourceDirectory '{directory}' -FilePattern '*.csv'").ShouldFailWith("UnsafeRemoteName", ErrorCategory.InvalidArgument);
            Session.Run($"New-ConnectJob Push -Source Contacts -Connection Share -TargetDirectory '{directory}' -FileName 'x.csv'").ShouldFailWith("UnsafeRemoteName", ErrorCategory.InvalidArgument);
        }

        Assert.Empty(Session.Run("Get-ConnectJob").ShouldSucceed().Output);
    }
}
