#!/usr/bin/env bash
# Builds the files a FROM-scratch Tessera image needs besides the application itself
# (which Jib adds under /app): a Java runtime made by jlink from the build's own JDK at
# /opt/java, the shared libraries that runtime and the AWS-LC native library of the
# Amazon Corretto Crypto Provider load (found with ldd, copied from this machine into
# the loader's default search directory), /etc/passwd and /etc/group naming the user
# tessera (10001), and the writable directories /tmp and /var/lib/tessera. Jib's extraDirectories puts the
# result at / and sets the file modes (see the parent pom).
#
# Usage: build-rootfs.sh <java.home> <runtime-classpath-file> <classes-dir> <out-dir> [extra module...]
#
# Nothing host-specific is committed: the libraries are whatever this machine's JDK
# links against (Debian 12: glibc 2.36, zlib). The jlink runtime is reused while its
# inputs (the JDK, the classpath jars' contents, the modules, these scripts) are unchanged.
set -euo pipefail

java_home=$1 classpath_file=$2 classes=$3 out=$(realpath -m "$4")
shift 4
extra_modules=("$@")

classpath=$(cat "$classpath_file")
jars=()
IFS=: read -r -a entries <<< "$classpath"
for entry in "${entries[@]}"; do
	[[ -n "$entry" ]] && jars+=("$entry")
done
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Everything is built in $out.tmp and moved into place at the end: an interrupted or
# failed run never leaves a half-built $out.
rm -f "$out.inputs" # (the stamp of an earlier version of this script)
rm -rf "$out.tmp"
final=$out out=$out.tmp
mkdir -p "$out"
started=$(date +%s)

# 1.+2. The runtime, the slow part (jdeps and jlink, a minute), cached in $final.jlink
#    while what decides it is unchanged: the JDK, the contents (not the paths: a reactor
#    SNAPSHOT jar keeps its path) of every classpath jar, the application's own classes
#    (new code may need another JDK module), the extra modules and these scripts. The
#    cache is replaced the same way: built aside, stamp removed first, written last.
runtime=$final.jlink
stamp_input=$( {
	"$java_home/bin/java" -version 2>&1
	for jar in "${jars[@]}"; do
		if [[ -f "$jar" ]]; then sha256sum "$jar" | cut -c1-64; else find "$jar" -type f -print0 | sort -z | xargs -0 -r cat | sha256sum; fi
	done
	echo "${extra_modules[*]}"
	cat "$0" "$(dirname "$0")/ModuleDeps.java"
	find "$classes" -name '*.class' -type f -print0 | sort -z | xargs -0 -r cat
} | sha256sum | cut -c1-64)
if [[ -f "$runtime.inputs" && "$(cat "$runtime.inputs")" == "$stamp_input" && -x "$runtime/bin/java" ]]; then
	echo "build-rootfs: the runtime in $runtime is up to date"
else
rm -f "$runtime.inputs"
rm -rf "$runtime" "$runtime.tmp"

# 1. The modules the application needs: what jdeps finds over its runtime classpath,
#    plus what is only reached by reflection or service loading (the pom's list).
#    Multi-release jars are read as the runtime's own feature version sees them.
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release")
found=$("$java_home/bin/java" "$(dirname "$0")/ModuleDeps.java" "${feature:?no JAVA_VERSION in $java_home/release}" "$scratch/jdeps" "$classes" "${jars[@]}")
modules="$found"
for module in "${extra_modules[@]}"; do
	if [[ -f "$java_home/jmods/$module.jmod" ]] || "$java_home/bin/java" --list-modules | grep "^$module@" >/dev/null; then
		modules="$modules,$module"
	else
		echo "build-rootfs: $module is not in this JDK, left out"
	fi
done
modules=$(tr ',' '\n' <<<"$modules" | sort -u | paste -sd, -)
echo "build-rootfs: jdeps found $found; linking $modules"

# 2. The runtime. Java 21+ spells the compression zip-6, Java 17 only accepts 2.
compress=--compress=zip-6
# (grep reads all its input: an early exit would fail the pipe, pipefail)
if ! "$java_home/bin/jlink" --help 2>&1 | grep "zip-" >/dev/null; then
	compress=--compress=2
fi
# java.desktop comes for java.beans (Spring's bean introspection); its native libraries for
# X11, sound, splash screens, fonts, colour profiles and JPEG are left out (nothing draws
# in a server: AWT runs headless), and with them X11, ALSA, FreeType, HarfBuzz, GLib...
"$java_home/bin/jlink" --add-modules "$modules" --output "$runtime.tmp" \
	--strip-debug --no-header-files --no-man-pages "$compress" \
	--exclude-files='**libawt_xawt.so,**libjawt.so,**libsplashscreen.so,**libjsound.so,**libfontmanager.so,**liblcms.so,**libjavajpeg.so'
mv "$runtime.tmp" "$runtime"
echo "$stamp_input" >"$runtime.inputs"
fi
mkdir -p "$out/opt"
cp -a "$runtime" "$out/opt/java"

# 3. The shared libraries, copied on every build (milliseconds: the host's libraries may
#    change while the runtime does not): the loader, libc and what each binary of the
#    runtime and the AWS-LC library (extracted from the provider's jar, as it is at run time) need.
#    glibc loads libgcc_s at run time (thread cancellation), which ldd does not show: it
#    is taken from libc's directory.
binaries=("$out/opt/java/bin/java")
while IFS= read -r -d '' so; do binaries+=("$so"); done < <(find "$out/opt/java" -name '*.so' -print0)
for jar in "${jars[@]}"; do
	if [[ "$(basename "$jar")" == AmazonCorrettoCryptoProvider-*linux-x86_64.jar ]]; then
		mkdir -p "$scratch/accp" && (cd "$scratch/accp" && "$java_home/bin/jar" xf "$jar")
		while IFS= read -r -d '' so; do binaries+=("$so"); done < <(find "$scratch/accp" -name '*.so' -print0)
	fi
done
# Every library goes into the multiarch directory the image's loader searches by default
# (it has no ld.so.cache), whatever host directory ldd found it in: /usr/local/lib or a
# directory of ld.so.conf.d here would be one the loader never looks in. LD_LIBRARY_PATH
# is not the image's either. A library ldd cannot find fails the build, but for libjvm.so,
# which the runtime's libraries find at run time through their $ORIGIN.
libdir=/lib/$(uname -m)-linux-gnu
declare -A sources=() # the image's path -> the host's file
for binary in "${binaries[@]}"; do
	while read -r name arrow path _; do
		case "$name $arrow $path" in
		"libjvm.so => not") ;;
		*" => not") echo "build-rootfs: $binary needs $name, which ldd cannot find" >&2; exit 1 ;;
		*" => /"*) case "$path" in "$out"/* | "$scratch"/*) ;; *) sources[$libdir/$name]=$path ;; esac ;;
		/*) sources[$name]=$name ;; # the loader, at the path the ELF header names
		esac
	done < <(env -u LD_LIBRARY_PATH ldd "$binary")
done
libc=${sources[$libdir/libc.so.6]:?build-rootfs: ldd found no libc.so.6}
gcc_s=$(dirname "$libc")/libgcc_s.so.1
[[ -f "$gcc_s" ]] || { echo "build-rootfs: no $gcc_s next to libc" >&2; exit 1; }
sources[$libdir/libgcc_s.so.1]=$gcc_s
libraries=$(printf '%s\n' "${!sources[@]}" | sort)
for library in $libraries; do
	mkdir -p "$out$(dirname "$library")"
	cp -L "${sources[$library]}" "$out$library"
done

# The packages these libraries come from, for scanners and licences: each package's
# copyright file, and a stanza in /var/lib/dpkg/status.d/<package> (as distroless images
# have them) naming its version, so a scanner sees which glibc the image carries. Without
# dpkg (not a Debian host) the build says so and the image has neither.
if command -v dpkg-query >/dev/null; then
	packages=$(for library in $libraries; do
		host=$(realpath "${sources[$library]}")
		for candidate in "${sources[$library]}" "$host" "${host#/usr}" "/usr$host"; do
			owner=$(dpkg-query -S "$candidate" 2>/dev/null | head -n1 | cut -d: -f1) && [[ -n "$owner" ]] && break
		done
		echo "${owner:?build-rootfs: no package owns ${sources[$library]}}"
	done | sort -u)
	mkdir -p "$out/var/lib/dpkg/status.d"
	for package in $packages; do
		dpkg-query -W -f='Package: ${Package}\nVersion: ${Version}\nArchitecture: ${Architecture}\nSource: ${source:Package}\nStatus: install ok installed\n' \
			"$package" >"$out/var/lib/dpkg/status.d/$package"
		mkdir -p "$out/usr/share/doc/$package"
		cp -L "/usr/share/doc/$package/copyright" "$out/usr/share/doc/$package/copyright"
	done
else
	echo "build-rootfs: no dpkg-query, so no package metadata or copyright files in the image"
fi

# 4. The user, its home, and the writable directories.
mkdir -p "$out/etc" "$out/tmp" "$out/var/lib/tessera"
printf 'root:x:0:0:root:/root:/sbin/nologin\ntessera:x:10001:10001:Tessera:/var/lib/tessera:/sbin/nologin\n' >"$out/etc/passwd"
printf 'root:x:0:\ntessera:x:10001:\n' >"$out/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$out/etc/nsswitch.conf"

rm -rf "$final"
mv "$out" "$final"
out=$final
echo "build-rootfs: $(du -sh "$out" | cut -f1) in $(( $(date +%s) - started )) s; libraries: $(echo $libraries); packages: $(echo ${packages:-})"
