using System.Threading.Channels;

namespace ConnectJobs.Locations;

/// <summary>A bounded hand-off between a writer and a reader on another task: what an export writes
/// goes straight into an upload that reads it, so the upload can keep several requests in flight
/// (SSH.NET pipelines an upload read from a stream, but not writes to a remote file stream). When
/// the reader fails, the writer's next write throws that failure instead of waiting for ever.</summary>
internal sealed class BlockPipe
{
    private readonly Channel<byte[]> _blocks = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
    private Task? _reader;

    public BlockPipe()
    {
        Writer = new WriterStream(this);
        Reader = new ReaderStream(this);
    }

    public Stream Writer { get; }

    public Stream Reader { get; }

    /// <summary>The task that reads <see cref="Reader"/>: its failure ends the pipe.</summary>
    public void ReadBy(Task reader)
    {
        _reader = reader;
        reader.ContinueWith(t => _blocks.Writer.TryComplete(t.Exception?.InnerException ?? new OperationCanceledException()), TaskScheduler.Default);
    }

    /// <summary>The reading task, to await once the pipe is complete (it throws what the reader threw).</summary>
    public Task ReaderDone => _reader ?? Task.CompletedTask;

    /// <summary>No more data: the reader sees the end of the stream.</summary>
    public void Complete() => _blocks.Writer.TryComplete();

    private sealed class WriterStream(BlockPipe pipe) : Export.WriteOnlyStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (buffer.IsEmpty)
            {
                return;
            }

            var block = buffer.ToArray();
            if (pipe._blocks.Writer.TryWrite(block))
            {
                return;
            }

            try
            {
                pipe._blocks.Writer.WriteAsync(block).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException)
            {
                // The reader stopped: say why.
                pipe._reader?.GetAwaiter().GetResult();
                throw;
            }
        }
    }

    private sealed class ReaderStream(BlockPipe pipe) : Stream
    {
        private byte[] _current = [];
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (_offset == _current.Length)
            {
                if (!await pipe._blocks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return 0;
                }

                if (pipe._blocks.Reader.TryRead(out var block))
                {
                    (_current, _offset) = (block, 0);
                }
            }

            var count = Math.Min(buffer.Length, _current.Length - _offset);
            _current.AsMemory(_offset, count).CopyTo(buffer);
            _offset += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
