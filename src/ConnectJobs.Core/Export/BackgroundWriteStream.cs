using System.Buffers;
using System.Threading.Channels;

namespace ConnectJobs.Export;

/// <summary>A write-only stream that hands full blocks to another thread, which pushes them through
/// the slower layers below (compression, encryption, the disk or network). Reading the store and
/// writing CSV run on one core while compressing runs on the other, which is how a gzip export keeps
/// up with the sqlite3 shell piped into gzip. A fault below surfaces on the next write or on Complete.</summary>
internal sealed class BackgroundWriteStream : WriteOnlyStream
{
    private const int BlockSize = 1 << 18;

    private readonly Stream _inner;
    private readonly Channel<(byte[] Block, int Length)> _blocks = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(8) { SingleReader = true, SingleWriter = true });
    private readonly Task _writer;
    private byte[] _block = ArrayPool<byte>.Shared.Rent(BlockSize);
    private int _length;
    private bool _completed;

    public BackgroundWriteStream(Stream inner, CancellationToken cancellationToken)
    {
        _inner = inner;
        _writer = Task.Run(() => DrainAsync(cancellationToken), CancellationToken.None);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var take = Math.Min(buffer.Length, _block.Length - _length);
            buffer[..take].CopyTo(_block.AsSpan(_length));
            _length += take;
            buffer = buffer[take..];
            if (_length == _block.Length)
            {
                Send();
            }
        }
    }

    /// <summary>Writes what is left and waits until every layer below has it; throws what went wrong there.</summary>
    public async Task CompleteAsync()
    {
        Send();
        _completed = true;
        _blocks.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_completed)
        {
            // Abandoned (an error or a stop above): let the writer finish with what it has and end.
            _completed = true;
            _blocks.Writer.TryComplete(new OperationCanceledException());
            try
            {
                _writer.GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // The export has already failed; the first error is the one that matters.
            }
        }

        base.Dispose(disposing);
    }

    private void Send()
    {
        if (_length == 0)
        {
            return;
        }

        if (_writer.IsFaulted)
        {
            _writer.GetAwaiter().GetResult();
        }

        var block = (_block, _length);
        if (!_blocks.Writer.TryWrite(block))
        {
            // The layers below are behind: wait for room (or for them to fail, and throw why).
            try
            {
                _blocks.Writer.WriteAsync(block).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                _writer.GetAwaiter().GetResult();
                throw;
            }
        }

        _block = ArrayPool<byte>.Shared.Rent(BlockSize);
        _length = 0;
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (block, length) in _blocks.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                _inner.Write(block, 0, length);
                ArrayPool<byte>.Shared.Return(block);
            }
        }
        catch
        {
            // Unblock a producer waiting for room, so that it sees the fault instead of hanging.
            _blocks.Writer.TryComplete();
            throw;
        }
    }
}
