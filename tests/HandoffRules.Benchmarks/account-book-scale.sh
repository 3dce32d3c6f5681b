#!/usr/bin/env bash
# An account book at a real company's scale, measured as a user meets it: the sample playbook in a
# rules project of its own, built with the analyzers loaded (each build in a fresh process, the
# compiler in-process so its time and memory are the build's), then `handoff check` on the built
# rules assembly — with an empty book (the header only), with the sample's own 303-account book,
# and with a generated 50,000-account book in its place. Prints wall time, peak RSS, the analyzers'
# own time (the compiler's -p:ReportAnalyzer report), the rules assembly's size, and the heap the
# built model and its compiled router keep alive.
#
# Usage: tests/HandoffRules.Benchmarks/account-book-scale.sh [accounts]   (default 50000)
set -euo pipefail

accounts=${1:-50000}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d -t handoff-book-XXXXXX)
trap 'rm -rf "$work"' EXIT

dotnet build "$root/src/HandoffRules.Cli" -c Release -nodeReuse:false -v quiet -nologo >/dev/null
dotnet build "$root/analyzers/HandoffRules.CodeFixes" -c Release -nodeReuse:false -v quiet -nologo >/dev/null
dotnet build "$root/tests/HandoffRules.Benchmarks" -c Release -nodeReuse:false -v quiet -nologo >/dev/null
bin="$root/src/HandoffRules.Cli/bin/Release/net10.0"
analyzers="$root/analyzers/HandoffRules.CodeFixes/bin/Release/netstandard2.0"

project() { # folder
  mkdir -p "$1"
  cp "$root"/rules/Acme.Rules/*.cs "$root"/rules/Acme.Rules/accounts.csv "$1/"
  cat > "$1/Rules.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <AssemblyName>Acme.Rules</AssemblyName>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="HandoffRules" HintPath="$bin/HandoffRules.dll" />
    <Analyzer Include="$analyzers/HandoffRules.Analyzers.dll" />
    <Analyzer Include="$analyzers/HandoffRules.CodeFixes.dll" />
    <AdditionalFiles Include="accounts.csv" />
  </ItemGroup>
  <Import Project="$root/src/HandoffRules/build/HandoffRules.targets" />
</Project>
XML
}

measure() { # label folder
  local label=$1 folder=$2
  dotnet restore "$folder/Rules.csproj" -v quiet >/dev/null
  /usr/bin/time -v -o "$work/$label.build.time" dotnet build "$folder/Rules.csproj" -c Release --no-restore -nodeReuse:false \
    -p:UseSharedCompilation=false -p:ReportAnalyzer=true -warnaserror -v:d > "$work/$label.build.log"
  /usr/bin/time -v -o "$work/$label.check.time" dotnet "$bin/handoff.dll" check --rules "$folder/bin/Release/net10.0/Acme.Rules.dll" > "$work/$label.check.log"
  local dll="$folder/bin/Release/net10.0/Acme.Rules.dll"
  echo "== $label: $(($(wc -l < "$folder/accounts.csv") - 1)) accounts in accounts.csv ($(wc -c < "$folder/accounts.csv") bytes); Acme.Rules.dll $(wc -c < "$dll") bytes"
  echo "dotnet build: wall $(grep 'Elapsed (wall' "$work/$label.build.time" | awk '{print $NF}'), peak RSS $(grep 'Maximum resident' "$work/$label.build.time" | awk '{print $NF}') KB"
  grep -m1 'Total analyzer execution time' "$work/$label.build.log" | sed 's/^ *//'
  grep -E '^ +[0-9.<]+ +[0-9<]+ +HandoffRules\.(Analyzers|CodeFixes)' "$work/$label.build.log" | sed 's/^ *//' | head -n 20
  echo "memory: $(dotnet "$root/tests/HandoffRules.Benchmarks/bin/Release/net10.0/HandoffRules.Benchmarks.dll" account-book-memory "$dll")"
  echo "handoff check: wall $(grep 'Elapsed (wall' "$work/$label.check.time" | awk '{print $NF}'), peak RSS $(grep 'Maximum resident' "$work/$label.check.time" | awk '{print $NF}') KB; $(tail -n 1 "$work/$label.check.log")"
}

project "$work/empty"
head -n 1 "$root/rules/Acme.Rules/accounts.csv" > "$work/empty/accounts.csv"
measure empty "$work/empty"

project "$work/sample"
measure sample "$work/sample"

project "$work/large"
dotnet "$root/tests/HandoffRules.Benchmarks/bin/Release/net10.0/HandoffRules.Benchmarks.dll" account-book "$work/large/accounts.csv" "$accounts"
measure large "$work/large"

