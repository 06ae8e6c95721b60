using System.Text;

namespace CovidSpark.Jobs.Etl.Raw;

/// <summary>What is wrong with a record's text, if anything, beyond what the fields say.</summary>
[Flags]
internal enum CsvRecordFlags
{
    None = 0,
    /// <summary>A quote opened a field that did not end where the record should have: only this physical line is the record,
    /// split at every comma, and reading goes on with the next line.</summary>
    BrokenQuote = 1,
    /// <summary>The text holds a NUL character or bytes that are not UTF-8 (decoded as U+FFFD).</summary>
    InvalidText = 2,
    /// <summary>The last record of the file has no line ending.</summary>
    Unterminated = 4,
}

/// <summary>One CSV record with the 1-based physical line it starts on.</summary>
/// <remarks>The raw text is cut out of the file only when asked for (quarantine, error messages): most records never need it.</remarks>
internal readonly record struct CsvRecord(int Line, string[] Fields, string Source, int Start, int Length, CsvRecordFlags Flags = CsvRecordFlags.None)
{
    /// <summary>The record as it appears in the file, without its line ending.</summary>
    public string RawText => Source.Substring(Start, Length);

    /// <summary>How many physical lines the record spans.</summary>
    public int LineCount => 1 + Source.AsSpan(Start, Length).Count('\n');
}

/// <summary>
/// An RFC 4180 reader: quoted fields with embedded commas, quotes (<c>""</c>) and line breaks, CRLF or LF endings,
/// a UTF-8 BOM. Reports the line each record starts on so errors can name it. A daily report is a few hundred KB, so the
/// file is read whole and scanned in place (fields are cut out of the text, not built character by character).
/// A quoted field may span lines only when the record it belongs to comes out with as many fields as the first record (the
/// header): a stray quote otherwise swallows the lines after it, so the line it opens on becomes a record of its own
/// (<see cref="CsvRecordFlags.BrokenQuote"/>) and reading resumes on the next line. Bytes that are not UTF-8 and NUL
/// characters mark their record <see cref="CsvRecordFlags.InvalidText"/>; <see cref="RawBytes"/> gives a record's original bytes.
/// </summary>
internal sealed class CsvRecordReader
{
    private readonly TextReader? _reader;
    private readonly byte[]? _bytes;
    private int[]? _lineStarts;

    public CsvRecordReader(TextReader reader) => _reader = reader;

    private CsvRecordReader(byte[] bytes) => _bytes = bytes;

    /// <summary>Opens a file as UTF-8, dropping a BOM; the bytes are kept for <see cref="RawBytes"/>.</summary>
    public static CsvRecordReader Open(string path) => new(File.ReadAllBytes(path));

    /// <summary>The original bytes of a record's lines (without the final line ending), as read from the file; the text's
    /// UTF-8 bytes when the reader was given text.</summary>
    public byte[] RawBytes(CsvRecord record)
    {
        if (_bytes is null) return Encoding.UTF8.GetBytes(record.RawText);
        _lineStarts ??= LineStarts(_bytes);
        var first = _lineStarts[record.Line - 1];
        var next = record.Line - 1 + record.LineCount;
        var end = next < _lineStarts.Length ? _lineStarts[next] - 1 : _bytes.Length;
        if (end > first && _bytes[end - 1] == (byte)'\r' && next < _lineStarts.Length) end--;
        return _bytes[first..Math.Max(first, end)];
    }

    private static int[] LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
            if (bytes[i] == (byte)'\n') starts.Add(i + 1);
        return [.. starts];
    }

    public IEnumerable<CsvRecord> Records()
    {
        string text;
        if (_bytes is not null) text = new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(_bytes);
        else using (_reader) text = _reader!.ReadToEnd();
        // A U+FFFD in the text came from bytes that are not UTF-8 (or was one already; either way the text is not what it should be).
        var suspect = text.AsSpan().IndexOfAny('\0', '\uFFFD') >= 0;
        var pos = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        var width = -1;
        var fields = new List<string>(16);
        var quoted = new StringBuilder();
        while (pos < text.Length)
        {
            var start = pos;
            var startLine = line;
            fields.Clear();
            var endOfRecord = -1;
            var unclosed = false;
            while (true)
            {
                if (pos < text.Length && text[pos] == '"')
                {
                    pos++;
                    quoted.Clear();
                    unclosed = true;
                    while (pos < text.Length)
                    {
                        var c = text[pos];
                        if (c == '"')
                        {
                            if (pos + 1 < text.Length && text[pos + 1] == '"') { quoted.Append('"'); pos += 2; continue; }
                            pos++;
                            unclosed = false;
                            break;
                        }
                        if (c == '\n') line++;
                        quoted.Append(c);
                        pos++;
                    }
                    var tail = pos;
                    while (pos < text.Length && text[pos] is not (',' or '\n' or '\r')) pos++;
                    if (pos > tail) quoted.Append(text, tail, pos - tail);
                    fields.Add(quoted.ToString());
                }
                else
                {
                    var s = pos;
                    while (pos < text.Length && text[pos] is not (',' or '\n' or '\r')) pos++;
                    fields.Add(text[s..pos]);
                }
                if (pos >= text.Length) break;
                if (text[pos] == ',') { pos++; continue; }
                endOfRecord = pos;
                pos += text[pos] == '\r' && pos + 1 < text.Length && text[pos + 1] == '\n' ? 2 : 1;
                line++;
                break;
            }
            if (line - (endOfRecord >= 0 ? 1 : 0) > startLine && (unclosed || (width >= 0 && fields.Count != width)))
            {
                // A stray quote: this physical line alone is the record, split at every comma; the next line is read afresh.
                var lineEnd = text.IndexOf('\n', start);
                var next = lineEnd < 0 ? text.Length : lineEnd + 1;
                var end = lineEnd < 0 ? text.Length : lineEnd > start && text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
                (pos, line) = (next, startLine + 1);
                yield return new CsvRecord(startLine, text[start..end].Split(','), text, start, end - start,
                    CsvRecordFlags.BrokenQuote | Flags(text, start, end - start, suspect, lineEnd >= 0));
                continue;
            }
            if (width < 0) width = fields.Count;
            if (endOfRecord >= 0)
                yield return new CsvRecord(startLine, [.. fields], text, start, endOfRecord - start, Flags(text, start, endOfRecord - start, suspect, true));
            else if (!(fields.Count == 1 && fields[0].Length == 0))
                yield return new CsvRecord(startLine, [.. fields], text, start, text.Length - start, Flags(text, start, text.Length - start, suspect, false));
        }
    }

    private static CsvRecordFlags Flags(string text, int start, int length, bool suspect, bool terminated) =>
        (suspect && text.AsSpan(start, length).IndexOfAny('\0', '\uFFFD') >= 0 ? CsvRecordFlags.InvalidText : CsvRecordFlags.None)
        | (terminated ? CsvRecordFlags.None : CsvRecordFlags.Unterminated);
}
