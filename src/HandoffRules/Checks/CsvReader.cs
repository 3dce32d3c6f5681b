using System.Collections.Generic;
using System.Text;

namespace HandoffRules.Checks;

/// <summary>Where something is in a data file: a character range and its 1-based line and column.</summary>
internal sealed class FileSpan
{
    public FileSpan(string path, int start, int length, int line, int column)
    {
        Path = path;
        Start = start;
        Length = length;
        Line = line;
        Column = column;
    }

    /// <summary>The file as the playbook names it ("accounts.csv").</summary>
    public string Path { get; }

    /// <summary>Offset of the first character in the file's text.</summary>
    public int Start { get; }

    public int Length { get; }

    /// <summary>1-based.</summary>
    public int Line { get; }

    /// <summary>1-based, in characters.</summary>
    public int Column { get; }

    /// <summary>"accounts.csv(3,12)", the form compilers print, for the runtime validator's reports.</summary>
    public override string ToString() => $"{Path}({Line},{Column})";
}

/// <summary>One record (row) of a CSV file; <see cref="Problem"/> is set when it is not well formed.</summary>
internal sealed class CsvRecord
{
    public CsvRecord(FileSpan span) => Span = span;

    /// <summary>Its fields: the value (quotes removed) and where its text is, used as they are as the cells of a data file.</summary>
    public List<DataCell> Fields { get; } = new();

    /// <summary>The record's text, line breaks at its end excluded.</summary>
    public FileSpan Span { get; private set; }

    /// <summary>Ends the record's span where its text ends.</summary>
    public void EndAt(int offset) => Span = new FileSpan(Span.Path, Span.Start, offset - Span.Start, Span.Line, Span.Column);

    /// <summary>What is wrong with the record's syntax, and where; null when it is well formed.</summary>
    public string? Problem { get; set; }

    public FileSpan? ProblemSpan { get; set; }
}

/// <summary>
/// A small RFC 4180 reader, with no dependency so the analyzers can carry it: fields separated by
/// commas, records by CRLF (LF and CR alone are accepted too), fields in double quotes may hold
/// commas, line breaks and doubled quotes. Blank lines are skipped; a byte order mark is ignored.
/// A record that breaks the syntax (a quote inside an unquoted field, text after a closing quote,
/// a quote never closed) is returned with its problem and position rather than guessed at.
/// </summary>
internal static class CsvReader
{
    public static List<CsvRecord> Read(string path, string text)
    {
        var records = new List<CsvRecord>();
        var position = new Cursor(path, text);
        // One buffer for every field of the file: a 50,000-row book is read in one pass, with one
        // string per field and little else.
        var value = new StringBuilder();
        if (position.Peek == '\uFEFF')
        {
            position.SkipByteOrderMark();
        }

        while (!position.AtEnd)
        {
            if (position.AtLineBreak)
            {
                position.SkipLineBreak();
                continue;
            }

            records.Add(ReadRecord(ref position, value));
        }

        return records;
    }

    private static CsvRecord ReadRecord(ref Cursor at, StringBuilder value)
    {
        var record = new CsvRecord(at.Span(0));
        while (true)
        {
            var (start, line, column) = (at.Offset, at.Line, at.Offset - at.LineStart + 1);
            value.Length = 0;
            if (at.Peek == '"')
            {
                at.Advance();
                while (true)
                {
                    if (at.AtEnd)
                    {
                        Fail(record, ref at, new FileSpan(at.Path, start, 1, line, column), "a quoted field is never closed (a \" is missing), so the rest of the file was read as part of it");
                        return record;
                    }

                    var c = at.Peek;
                    if (c == '"')
                    {
                        at.Advance();
                        if (at.Peek == '"')
                        {
                            value.Append('"');
                            at.Advance();
                            continue;
                        }

                        break;
                    }

                    if (at.AtLineBreak)
                    {
                        // A line break inside quotes is part of the value, read as written.
                        var breakStart = at.Offset;
                        at.SkipLineBreak();
                        value.Append(at.Text, breakStart, at.Offset - breakStart);
                        continue;
                    }

                    value.Append(c);
                    at.Advance();
                }

                if (!at.AtEnd && !at.AtLineBreak && at.Peek != ',')
                {
                    Fail(record, ref at, at.Span(1), "text follows a closing quote; write a quote inside a quoted field as \"\"");
                    return record;
                }
            }
            else
            {
                while (!at.AtEnd && !at.AtLineBreak && at.Peek != ',')
                {
                    if (at.Peek == '"')
                    {
                        Fail(record, ref at, at.Span(1), "a quote inside an unquoted field; quote the whole field and double the quote (\"\"\"\")");
                        return record;
                    }

                    value.Append(at.Peek);
                    at.Advance();
                }
            }

            record.Fields.Add(new DataCell(value.ToString(), new FileSpan(at.Path, start, at.Offset - start, line, column)));
            if (at.Peek == ',' && !at.AtEnd)
            {
                at.Advance();
                continue;
            }

            record.EndAt(at.Offset);
            if (at.AtLineBreak)
            {
                at.SkipLineBreak();
            }

            return record;
        }
    }

    // Marks the record malformed and skips to the end of its line, where reading starts again.
    private static void Fail(CsvRecord record, ref Cursor at, FileSpan where, string problem)
    {
        record.Problem = problem;
        record.ProblemSpan = where;
        while (!at.AtEnd && !at.AtLineBreak)
        {
            at.Advance();
        }

        record.EndAt(at.Offset);

        if (at.AtLineBreak)
        {
            at.SkipLineBreak();
        }
    }

    private struct Cursor
    {
        public Cursor(string path, string text)
        {
            Path = path;
            Text = text;
            Offset = 0;
            Line = 1;
            LineStart = 0;
        }

        public string Path { get; }

        public string Text { get; }

        public int Offset { get; private set; }

        public int Line { get; private set; }

        public int LineStart { get; private set; }

        public readonly bool AtEnd => Offset >= Text.Length;

        public readonly char Peek => Offset < Text.Length ? Text[Offset] : '\0';

        public readonly bool AtLineBreak => !AtEnd && (Text[Offset] == '\n' || Text[Offset] == '\r');

        public void Advance() => Offset++;

        // Not a character of the first line: columns count from after it.
        public void SkipByteOrderMark()
        {
            Offset++;
            LineStart = Offset;
        }

        public void SkipLineBreak()
        {
            if (Text[Offset] == '\r' && Offset + 1 < Text.Length && Text[Offset + 1] == '\n')
            {
                Offset++;
            }

            Offset++;
            Line++;
            LineStart = Offset;
        }

        public readonly FileSpan Span(int length) =>
            new(Path, Offset, length > Text.Length - Offset ? Text.Length - Offset : length, Line, Offset - LineStart + 1);
    }
}
