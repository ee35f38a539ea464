/* Which copy of the site this page is read in: "site" for the hosted site
 * and the offline bundle (told apart by the address: http or file://), and
 * "zim" in the ZIM for Kiwix, whose writer (publishing/zim.py) puts this
 * file in with "zim" written instead. A Kiwix reader serves the ZIM on a
 * local address, which is nobody else's way to the page: addresses.js
 * then cites the document's official link instead (CONTRACT.md, "Addresses"). */
window.UNTOC_COPY = "site";
