"""How shared practice gets from a school's editors to the public: review, import, curation."""
