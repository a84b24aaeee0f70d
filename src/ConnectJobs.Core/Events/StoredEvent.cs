using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ConnectJobs.Events;

/// <summary>An event as a store writes it: the text of each field of <see cref="EventFields.All"/>,
/// then the channel and the custom properties (JSON), as UTF-8 in one buffer (whole numbers as their
/// digits: the columns' types make them numbers again). Made where events are read (a file's
/// reading thread), so that the thread writing the store only copies and binds.</summary>
public sealed class StoredEvent
{
    private StoredEvent(byte[] utf8, int[] lengths)
    {
        Utf8 = utf8;
        Lengths = lengths;
    }

    /// <summary>The values' UTF-8 bytes, one after another.</summary>
    public byte[] Utf8 { get; }

    /// <summary>Each value's length in <see cref="Utf8"/>; -1 for null.</summary>
    public IReadOnlyList<int> Lengths { get; }

    public static StoredEvent From(ConnectEvent e) => From(EventFields.All.Select(f => f.Get(e)).ToArray(), e.Channel, e.Properties);

    /// <summary>From the fields' values in <see cref="EventFields.All"/>'s order (text, long, DateTime or null).</summary>
    public static StoredEvent From(object?[] values, EventChannel channel, IReadOnlyDictionary<string, string> properties)
    {
        var texts = new string?[EventFields.All.Count + 2];
        for (var i = 0; i < EventFields.All.Count; i++)
        {
            texts[i] = values[i] switch
            {
                null => null,
                long number => number.ToString(CultureInfo.InvariantCulture),
                DateTime time => Data.ValueConverter.FormatTimestamp(time),
                var value => (string)value,
            };
        }

        texts[^2] = ChannelNames[(int)channel];
        texts[^1] = properties.Count == 0 ? null : JsonSerializer.Serialize(properties);
        var lengths = new int[texts.Length];
        var size = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            lengths[i] = texts[i] is { } text ? Encoding.UTF8.GetByteCount(text) : -1;
            size += Math.Max(lengths[i], 0);
        }

        var utf8 = new byte[size];
        var at = 0;
        foreach (var text in texts)
        {
            if (text is not null)
            {
                at += Encoding.UTF8.GetBytes(text, utf8.AsSpan(at));
            }
        }

        return new StoredEvent(utf8, lengths);
    }

    private static readonly string[] ChannelNames = Enum.GetNames<EventChannel>();
}
