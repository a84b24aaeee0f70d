using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text.RegularExpressions;

namespace ConnectJobs.Host;

/// <summary>The smallest host that lets Out-Default print through the module's format views and
/// lets scripts call 'exit': output to stdout, errors and warnings to stderr, prompts read from stdin.</summary>
internal sealed partial class ConsoleHost : PSHost
{
    private readonly ConsoleUserInterface _ui = new();

    public int? ExitCode { get; private set; }

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override string Name => "ConnectJobs.Host";

    public override PSHostUserInterface UI => _ui;

    public override Version Version => typeof(ConsoleHost).Assembly.GetName().Version ?? new Version(0, 0);

    public static string Describe(ErrorRecord error) =>
        error.InvocationInfo?.PositionMessage is { Length: > 0 } position ? $"{error}{Environment.NewLine}{position}" : error.ToString();

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;

    [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();

    private sealed class ConsoleUserInterface : PSHostUserInterface
    {
        private readonly ConsoleRawUserInterface _raw = new();

        // Colour codes belong on a terminal, not in the log files of scheduled runs.
        private readonly bool _plain = Console.IsOutputRedirected || Environment.GetEnvironmentVariable("NO_COLOR") is not null;

        public override PSHostRawUserInterface RawUI => _raw;

        public override string ReadLine() => Console.In.ReadLine() ?? throw NoInput();

        public override SecureString ReadLineAsSecureString()
        {
            var secure = new SecureString();
            foreach (var c in ReadLine())
            {
                secure.AppendChar(c);
            }

            secure.MakeReadOnly();
            return secure;
        }

        public override void Write(string value) => Console.Out.Write(Plain(value));

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);

        public override void WriteLine(string value) => Console.Out.WriteLine(Plain(value));

        public override void WriteErrorLine(string value) => Console.Error.WriteLine(Plain(value));

        public override void WriteDebugLine(string message) => Console.Out.WriteLine($"DEBUG: {message}");

        public override void WriteVerboseLine(string message) => Console.Out.WriteLine($"VERBOSE: {message}");

        public override void WriteWarningLine(string message) => Console.Error.WriteLine($"WARNING: {message}");

        // Progress bars belong to interactive consoles; in logs of scheduled runs they are noise.
        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions)
        {
            WriteLine(caption);
            WriteLine(message);
            var answers = new Dictionary<string, PSObject>();
            foreach (var field in descriptions)
            {
                Write($"{field.Name}: ");
                answers[field.Name] = new PSObject(ReadLine());
            }

            return answers;
        }

        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice)
        {
            WriteLine(caption);
            WriteLine(message);
            var labels = choices.Select(c => c.Label.Replace("&", "", StringComparison.Ordinal)).ToList();
            Write($"{string.Join("  ", labels.Select((l, i) => $"[{i}] {l}"))} (default {defaultChoice}): ");
            var answer = ReadLine().Trim();
            if (answer.Length == 0)
            {
                return defaultChoice;
            }

            var index = choices.ToList().FindIndex(c => c.Label.Replace("&", "", StringComparison.Ordinal).Equals(answer, StringComparison.OrdinalIgnoreCase)
                || (c.Label.IndexOf('&') is var amp and >= 0 && amp + 1 < c.Label.Length && c.Label[amp + 1].ToString().Equals(answer, StringComparison.OrdinalIgnoreCase)));
            return index >= 0 ? index : int.TryParse(answer, out var number) && number >= 0 && number < choices.Count ? number : defaultChoice;
        }

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
        {
            WriteLine(message);
            if (string.IsNullOrEmpty(userName))
            {
                Write("User: ");
                userName = ReadLine();
            }

            Write("Password: ");
            return new PSCredential(userName, ReadLineAsSecureString());
        }

        private string Plain(string value) => _plain ? AnsiEscape().Replace(value, "") : value;

        private static PSInvalidOperationException NoInput() =>
            new("The script asked for input, but standard input is closed. Give the value as a parameter (or -Confirm:$false) in scheduled runs.");
    }

    private sealed class ConsoleRawUserInterface : PSHostRawUserInterface
    {
        // Redirected output (cron logs, files) has no window: format for a wide fixed width.
        private static int Width => Console.IsOutputRedirected ? 160 : Math.Max(Console.WindowWidth, 80);

        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

        public override Size BufferSize { get => new(Width, 9999); set { } }

        public override Coordinates CursorPosition { get; set; }

        public override int CursorSize { get; set; }

        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

        public override bool KeyAvailable => false;

        public override Size MaxPhysicalWindowSize => new(Width, 9999);

        public override Size MaxWindowSize => new(Width, 9999);

        public override Coordinates WindowPosition { get; set; }

        public override Size WindowSize { get => new(Width, 50); set { } }

        public override string WindowTitle { get; set; } = "connectjobs-run";

        public override void FlushInputBuffer()
        {
        }

        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw new NotSupportedException();

        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();

        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw new NotSupportedException();

        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw new NotSupportedException();

        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw new NotSupportedException();
    }
}
