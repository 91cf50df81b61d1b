// The few things the packaging scripts do to a built index.html, on the
// parsed page (parse5, the HTML standard's own parsing rules) rather than on
// its text: find elements, read and change attributes, add and drop nodes.

import fs from "node:fs";
import { defaultTreeAdapter as tree, html, parse, serialize } from "parse5";

/** The parsed page in `file`. */
export function loadPage(file) {
  return parse(fs.readFileSync(file, "utf8"));
}

/** `page` as HTML text. */
export function toHtml(page) {
  return serialize(page);
}

/** Writes `page` to `file` as HTML. */
export function savePage(page, file) {
  fs.writeFileSync(file, toHtml(page));
}

/** Every element of `node`'s subtree, in document order (a snapshot). */
export function elements(node, found = []) {
  for (const child of node.childNodes || []) {
    if (tree.isElementNode(child)) {
      found.push(child);
      elements(child, found);
    }
  }
  return found;
}

/** The first element that `test` accepts, or fails saying what is missing. */
export function find(page, what, test) {
  const element = elements(page).find(test);
  if (!element) throw new Error(`index.html has no ${what}`);
  return element;
}

export function attr(element, name) {
  return element.attrs.find((a) => a.name === name)?.value ?? null;
}

export function setAttr(element, name, value) {
  const found = element.attrs.find((a) => a.name === name);
  if (found) found.value = value;
  else element.attrs.push({ name, value });
}

export function dropAttr(element, name) {
  element.attrs = element.attrs.filter((a) => a.name !== name);
}

export function remove(element) {
  tree.detachNode(element);
}

/** A new element named `tag` with `attrs`, in the HTML namespace. */
export function createElement(tag, attrs = {}) {
  const list = Object.entries(attrs).map(([name, value]) => ({ name, value }));
  return tree.createElement(tag, html.NS.HTML, list);
}

/** Puts `element` just before `reference`, as its sibling. */
export function insertBefore(reference, element) {
  tree.insertBefore(tree.getParentNode(reference), element, reference);
}
